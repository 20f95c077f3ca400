package search

import (
	"sort"
	"strconv"
)

// Facets count the matches of a search by category and by listing year.
type Facets struct {
	Categories []FacetCount // most first
	Years      []FacetCount // newest first
}

// FacetCount is one facet value and how many matches carry it.
type FacetCount struct {
	Value string
	Count int
}

// facetCounter counts facets over every match of a search, so add is on the
// hot path: years are a slice indexed from facetYearBase, and the last day's
// year is remembered (documents are indexed roughly in listing order).
type facetCounter struct {
	cats     []int
	years    []int
	lastDay  int32
	lastYear int
}

// facetYearBase and facetYears bound the listing years counted.
const (
	facetYearBase = 1980
	facetYears    = 250
)

func (ix *Index) newFacetCounter() *facetCounter {
	return &facetCounter{cats: make([]int, len(ix.catNames)), years: make([]int, facetYears), lastYear: -1}
}

func emptyFacets(want bool) *Facets {
	if !want {
		return nil
	}
	return &Facets{Categories: []FacetCount{}, Years: []FacetCount{}}
}

func (fc *facetCounter) add(ix *Index, n uint32) {
	if fc == nil {
		return
	}
	for _, c := range ix.catList[ix.catOff[n]:ix.catOff[n+1]] {
		fc.cats[c]++
	}
	if d := ix.days[n]; d != 0 {
		if d != fc.lastDay {
			fc.lastDay, fc.lastYear = d, timeOfDay(d).Year()-facetYearBase
		}
		if fc.lastYear >= 0 && fc.lastYear < facetYears {
			fc.years[fc.lastYear]++
		}
	}
}

func (fc *facetCounter) result(ix *Index) *Facets {
	if fc == nil {
		return nil
	}
	f := emptyFacets(true)
	for o, c := range fc.cats {
		if c > 0 {
			f.Categories = append(f.Categories, FacetCount{Value: ix.catNames[o], Count: c})
		}
	}
	sort.Slice(f.Categories, func(i, j int) bool {
		a, b := f.Categories[i], f.Categories[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	})
	for y, c := range fc.years {
		if c > 0 {
			f.Years = append(f.Years, FacetCount{Value: strconv.Itoa(y + facetYearBase), Count: c})
		}
	}
	sort.Slice(f.Years, func(i, j int) bool { return f.Years[i].Value > f.Years[j].Value })
	return f
}

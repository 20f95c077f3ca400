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

type facetCounter struct {
	cats  []int
	years map[int]int
}

func (ix *Index) newFacetCounter() *facetCounter {
	return &facetCounter{cats: make([]int, len(ix.catNames)), years: map[int]int{}}
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
	for _, c := range ix.cats[n] {
		fc.cats[c]++
	}
	if d := ix.days[n]; d != 0 {
		fc.years[timeOfDay(d).Year()]++
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
		f.Years = append(f.Years, FacetCount{Value: strconv.Itoa(y), Count: c})
	}
	sort.Slice(f.Years, func(i, j int) bool { return f.Years[i].Value > f.Years[j].Value })
	return f
}

package search

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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
// hot path: categories are one flat array, years a slice indexed from
// facetYearBase, and a day's year is integer arithmetic (yearOfDay),
// remembered per day in a small direct-mapped table: matches come in the
// order their words' postings list them, not by day, but a search's matches
// span a few hundred days.
type facetCounter struct {
	cats  []int
	years []int
	memo  [1024]dayYear // by day mod 1024
}

// dayYear is a day (0: none) and its index in years, -1 when outside them.
type dayYear struct {
	day, year int32
}

// facetYearBase and facetYears bound the listing years counted.
const (
	facetYearBase = 1980
	facetYears    = 250
)

func (ix *Index) newFacetCounter() *facetCounter {
	return &facetCounter{cats: make([]int, ix.NumCategories()), years: make([]int, facetYears)}
}

func emptyFacets(want bool) *Facets {
	if !want {
		return nil
	}
	return &Facets{Categories: []FacetCount{}, Years: []FacetCount{}}
}

func (fc *facetCounter) add(ix *Index, n uint32) { fc.count(ix, n, 1) }

// count adds delta to the counts of document n's categories and year.
func (fc *facetCounter) count(ix *Index, n uint32, delta int) {
	if fc == nil {
		return
	}
	for _, c := range ix.Categories(n) {
		fc.cats[c] += delta
	}
	if d := ix.Day(n); d != 0 {
		m := &fc.memo[uint32(d)%uint32(len(fc.memo))]
		if m.day != d {
			y := yearOfDay(d) - facetYearBase
			if y < 0 || y >= facetYears {
				y = -1
			}
			m.day, m.year = d, int32(y)
		}
		if m.year >= 0 {
			fc.years[m.year] += delta
		}
	}
}

// liveFacetCache keeps the facet counts of every live document, for one
// scoring generation: every applied batch (new, changed or deleted
// documents) moves it on. A query matching most of the index has its facets
// counted as these less those of the live documents it does not match.
type liveFacetCache struct {
	mu          sync.Mutex
	gen         uint64
	cats, years []int // nil until counted
}

// liveFacets returns the facet counts of every live document (shared: not
// to be changed). Call it under the index's read lock.
func (ix *Index) liveFacets() (cats, years []int) {
	c := &ix.allFacets
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen := ix.ScoringGen(); c.cats == nil || c.gen != gen {
		fc := ix.newFacetCounter()
		for n := range uint32(ix.NumDocs()) {
			if !ix.Dead(n) {
				fc.add(ix, n)
			}
		}
		c.gen, c.cats, c.years = gen, fc.cats, fc.years
	}
	return c.cats, c.years
}

// sortFacets orders counts most first, then by value. A query's matches
// often span hundreds of categories, most of them counted once or twice:
// the counts are sorted as packed integers, and only the values within a
// run of equal counts are compared as strings.
func sortFacets(fs []FacetCount) {
	keys := make([]uint64, len(fs))
	for i, f := range fs {
		keys[i] = uint64(math.MaxUint32-uint32(min(f.Count, math.MaxUint32)))<<32 | uint64(i)
	}
	slices.Sort(keys)
	sorted := make([]FacetCount, len(fs))
	for i, k := range keys {
		sorted[i] = fs[uint32(k)]
	}
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].Count == sorted[i].Count {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(sorted[i:j], func(a, b FacetCount) int { return strings.Compare(a.Value, b.Value) })
		}
		i = j
	}
	copy(fs, sorted)
}

// yearOfDay returns the UTC year of a day counted from 1970-01-01, as
// index.TimeOfDay(d).Year() does, without building a time.Time: Howard Hinnant's
// civil_from_days, which a million matches' facets call a million times.
func yearOfDay(d int32) int {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365], from March 1
	y := yoe + era*400
	if doy >= 306 { // January and February belong to the next civil year
		y++
	}
	return int(y)
}

func (fc *facetCounter) result(ix *Index) *Facets {
	if fc == nil {
		return nil
	}
	f := emptyFacets(true)
	for o, c := range fc.cats {
		if c > 0 {
			f.Categories = append(f.Categories, FacetCount{Value: ix.CategoryName(uint16(o)), Count: c})
		}
	}
	sortFacets(f.Categories)
	for y, c := range fc.years {
		if c > 0 {
			f.Years = append(f.Years, FacetCount{Value: strconv.Itoa(y + facetYearBase), Count: c})
		}
	}
	sort.Slice(f.Years, func(i, j int) bool { return f.Years[i].Value > f.Years[j].Value })
	return f
}

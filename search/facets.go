package search

import (
	"math"
	"slices"
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

// facetCounter counts facets over the matches of a search: the frequent
// values from bitmaps (facetBits), the rest a document at a time (add,
// countRare). Categories are one flat array, years a slice indexed from
// facetYearBase, and a day's year is integer arithmetic (yearOfDay),
// remembered per day in a small direct-mapped table: a search's matches
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

func (fc *facetCounter) add(ix *Index, n uint32) {
	if fc == nil {
		return
	}
	for _, c := range ix.Categories(n) {
		fc.cats[c]++
	}
	if y := fc.yearIndex(ix.Day(n)); y >= 0 {
		fc.years[y]++
	}
}

// yearIndex returns day d's index in years, or -1 for no day (0) or a year
// outside them.
func (fc *facetCounter) yearIndex(d int32) int {
	if d == 0 {
		return -1
	}
	m := &fc.memo[uint32(d)%uint32(len(fc.memo))]
	if m.day != d {
		y := yearOfDay(d) - facetYearBase
		if y < 0 || y >= facetYears {
			y = -1
		}
		m.day, m.year = d, int32(y)
	}
	return int(m.year)
}

// categoryFacets returns the counted categories most first, then by name,
// sorting their counts and places in name order packed into integers.
func (ix *Index) categoryFacets(cats []int) []FacetCount {
	byName, rank := ix.categoriesByName()
	var keys []uint64
	for o, n := range cats {
		if n > 0 {
			keys = append(keys, uint64(math.MaxUint32-uint32(min(n, math.MaxUint32)))<<32|uint64(rank[o]))
		}
	}
	slices.Sort(keys)
	out := make([]FacetCount, 0, len(keys))
	for _, k := range keys {
		o := byName[uint16(k)]
		out = append(out, FacetCount{Value: ix.CategoryName(o), Count: cats[o]})
	}
	return out
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
	f.Categories = ix.categoryFacets(fc.cats) // empty, not nil, when none
	for y, c := range fc.years {
		if c > 0 {
			f.Years = append(f.Years, FacetCount{Value: strconv.Itoa(y + facetYearBase), Count: c})
		}
	}
	sort.Slice(f.Years, func(i, j int) bool { return f.Years[i].Value > f.Years[j].Value })
	return f
}

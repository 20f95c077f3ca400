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

func (fc *facetCounter) add(ix *Index, n uint32) {
	if fc == nil {
		return
	}
	for _, c := range ix.Categories(n) {
		fc.cats[c]++
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
			fc.years[m.year]++
		}
	}
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

package search

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// Facet counts from bitmaps. A query of common words matches most of the
// index, and visiting each match to read its categories and day cost a tenth
// of the results page. Categories and years are few and skewed (at 75k
// papers four categories hold most assignments, and two years every paper),
// so the frequent ones get a bitmap of their live documents: a query's count
// for one is an AND and a population count per 64 documents. The documents
// holding a rare category, or listed in a rare year, are visited as before.

// Bounds on the bitmaps kept: a value gets one when it holds at least
// 1/facetBitsMinShare of the live documents, the most frequent first, at
// most facetBitsMax categories and as many years (at a million papers each
// bitmap is 125 KB).
const (
	facetBitsMinShare = 256
	facetBitsMax      = 16
)

// facetBitmaps are the bitmaps of one generation of the documents.
type facetBitmaps struct {
	live     []uint64   // the live documents
	cats     []uint16   // the categories with a bitmap, by ordinal
	catBits  [][]uint64 // their live documents
	years    []int      // the years (facetCounter's index) with a bitmap
	yearBits [][]uint64
	rare     []uint64 // live documents with a category or year without one
	// catSlot and yearSlot give a value's place in cats or years, -1 for a
	// value without a bitmap.
	catSlot  []int8
	yearSlot [facetYears]int8
}

// facetCache keeps, for one generation of the documents (index.DocsGen:
// every batch of new, changed or deleted documents, and a document moved to
// another day, moves it on), the facet bitmaps and the categories' order by
// name: a query's categories, often hundreds of them counted once or twice,
// are sorted as integers.
type facetCache struct {
	mu       sync.Mutex
	gen      uint64
	bits     *facetBitmaps // nil until built
	byName   []uint16      // category ordinals in name order; nil until sorted
	nameRank []uint16      // each ordinal's place in byName
}

// fresh empties c when the index moved on from its generation; call it
// holding c.mu.
func (c *facetCache) fresh(gen uint64) {
	if c.gen != gen {
		c.gen, c.bits, c.byName, c.nameRank = gen, nil, nil, nil
	}
}

// facetBits returns the facet bitmaps of the index's generation, building
// them the first time (one pass over the documents). Call it under the
// index's read lock.
func (ix *Index) facetBits() *facetBitmaps {
	c := &ix.facets
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fresh(ix.DocsGen())
	if c.bits == nil {
		c.bits = ix.buildFacetBits()
	}
	return c.bits
}

func (ix *Index) buildFacetBits() *facetBitmaps {
	nd := ix.NumDocs()
	words := (nd + 63) / 64
	all := ix.newFacetCounter()
	fb := &facetBitmaps{live: make([]uint64, words), rare: make([]uint64, words)}
	for n := range uint32(nd) {
		if !ix.Dead(n) {
			fb.live[n/64] |= 1 << (n % 64)
			all.add(ix, n)
		}
	}
	fb.cats = frequent(all.cats, ix.Live(), func(c int) uint16 { return uint16(c) })
	fb.years = frequent(all.years, ix.Live(), func(y int) int { return y })
	fb.catSlot = make([]int8, len(all.cats))
	for c := range fb.catSlot {
		fb.catSlot[c] = int8(slices.Index(fb.cats, uint16(c)))
	}
	for y := range fb.yearSlot {
		fb.yearSlot[y] = int8(slices.Index(fb.years, y))
	}
	for range fb.cats {
		fb.catBits = append(fb.catBits, make([]uint64, words))
	}
	for range fb.years {
		fb.yearBits = append(fb.yearBits, make([]uint64, words))
	}
	var memo facetCounter // only its day memo, for yearIndex
	for w, word := range fb.live {
		for ; word != 0; word &= word - 1 {
			n := uint32(w*64 + bits.TrailingZeros64(word))
			bit := uint64(1) << (n % 64)
			for _, c := range ix.Categories(n) {
				if i := fb.catSlot[c]; i >= 0 {
					fb.catBits[i][w] |= bit
				} else {
					fb.rare[w] |= bit
				}
			}
			if y := memo.yearIndex(ix.Day(n)); y >= 0 {
				if i := fb.yearSlot[y]; i >= 0 {
					fb.yearBits[i][w] |= bit
				} else {
					fb.rare[w] |= bit
				}
			}
		}
	}
	return fb
}

// frequent returns the values (indexes of counts) that hold at least
// 1/facetBitsMinShare of live documents, most first, at most facetBitsMax.
func frequent[T any](counts []int, live int, value func(int) T) []T {
	var idx []int
	for v, n := range counts {
		if n > 0 && n >= live/facetBitsMinShare {
			idx = append(idx, v)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(counts[b], counts[a]) })
	out := make([]T, 0, min(len(idx), facetBitsMax))
	for _, v := range idx[:min(len(idx), facetBitsMax)] {
		out = append(out, value(v))
	}
	return out
}

// countRare counts document n's categories and year that have no bitmap.
func (fc *facetCounter) countRare(ix *Index, n uint32, fb *facetBitmaps) {
	for _, c := range ix.Categories(n) {
		if fb.catSlot[c] < 0 {
			fc.cats[c]++
		}
	}
	if y := fc.yearIndex(ix.Day(n)); y >= 0 && fb.yearSlot[y] < 0 {
		fc.years[y]++
	}
}

// categoriesByName returns the category ordinals in name order and each
// ordinal's place in it (shared: not to be changed). Call it under the
// index's read lock.
func (ix *Index) categoriesByName() (byName, rank []uint16) {
	c := &ix.facets
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fresh(ix.DocsGen())
	if c.byName == nil {
		nc := ix.NumCategories()
		c.byName, c.nameRank = make([]uint16, nc), make([]uint16, nc)
		for o := range c.byName {
			c.byName[o] = uint16(o)
		}
		slices.SortFunc(c.byName, func(a, b uint16) int { return strings.Compare(ix.CategoryName(a), ix.CategoryName(b)) })
		for r, o := range c.byName {
			c.nameRank[o] = uint16(r)
		}
	}
	return c.byName, c.nameRank
}

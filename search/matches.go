package search

import (
	"math/bits"

	"github.com/paperwire/paperwire/search/postings"
)

// Counting a search's matches apart from ranking them.
//
// The results page shows how many papers match and their facets, so it
// needs every match, but it ranks only the best few. Scoring every match to
// count them made the page's keyword half cost three times the API's, whose
// search stops adding documents once the words left cannot lift one into the
// best k (accumulate). Instead the page's search ranks as the API's does and
// then counts: the matches are the documents accumulate touched plus those
// of the words it only added to touched documents, found by decoding those
// words' lists without scoring them. They are marked in a bitmap, and the
// facets counted from it by bitmap operations (facetBits), not a visit to
// each match.

// countMatches returns how many live documents acc's search matched and
// counts their facets into fc (when not nil). It must follow
// ix.accumulate(pl, ...) for acc, under the same read lock.
func (ix *Index) countMatches(acc *accumulator, pl *plan, fc *facetCounter) int {
	nd := ix.NumDocs()
	if acc.added == len(acc.order) && len(acc.touched) < nd/64 {
		// Every match is touched, and few: no bitmap to clear and scan.
		return ix.countDocs(acc.touched, fc)
	}
	words := (nd + 63) / 64
	if cap(acc.matched) < words {
		acc.matched = make([]uint64, words, words+words/8)
	}
	set := acc.matched[:words]
	clear(set)
	for _, n := range acc.touched {
		set[n/64] |= 1 << (n % 64)
	}
	if acc.added < len(acc.order) {
		f := ix.fieldScoring()
		gen := ix.ScoringGen()
		for _, t := range acc.order[acc.added:] {
			ix.markTerm(set, f, &pl.scored[t], gen)
		}
	}
	return ix.countSet(set, fc)
}

// countSet counts the live documents of set and their facets, and leaves
// set holding only the live ones. The facets of a frequent category or year
// are one AND and population count per 64 documents against its bitmap
// (facetBits); only the documents with a rare category or year are visited.
func (ix *Index) countSet(set []uint64, fc *facetCounter) int {
	fb := ix.facetBits()
	total := 0
	for w := range set {
		set[w] &= fb.live[w]
		total += bits.OnesCount64(set[w])
	}
	if fc == nil {
		return total
	}
	for i, c := range fb.cats {
		fc.cats[c] = countAnd(set, fb.catBits[i])
	}
	for i, y := range fb.years {
		fc.years[y] = countAnd(set, fb.yearBits[i])
	}
	for w, word := range set {
		for word &= fb.rare[w]; word != 0; word &= word - 1 {
			fc.countRare(ix, uint32(w*64+bits.TrailingZeros64(word)), fb)
		}
	}
	return total
}

// countAnd is the number of bits a and b share.
func countAnd(a, b []uint64) int {
	b = b[:len(a)]
	n := 0
	for i, w := range a {
		n += bits.OnesCount64(w & b[i])
	}
	return n
}

// countDocs counts the live documents of docs and their facets.
func (ix *Index) countDocs(docs []uint32, fc *facetCounter) int {
	anyDead := ix.Live() != ix.NumDocs()
	total := 0
	for _, n := range docs {
		if anyDead && ix.Dead(n) {
			continue
		}
		total++
		fc.add(ix, n)
	}
	return total
}

// markTerm sets the bit of every document st's postings score (the
// documents addTerm would touch), reading the list's impacts when they are
// kept, which hold only the document deltas besides the impact bytes.
func (ix *Index) markTerm(set []uint64, f *fieldScoring, st *scoredTerm, gen uint64) {
	if st.p.N >= impactMinPostings {
		if il := ix.impacts.kept(st.p, gen); il != nil {
			markImpacts(set, il)
			return
		}
	}
	data := st.p.Data
	off := 0
	d := uint32(0)
	for range st.p.N {
		var delta uint32
		delta, off = postings.Uvarint32(data, off)
		d += delta
		var x float32
		x, off = f.x(data, off, d)
		if x != 0 {
			set[d/64] |= 1 << (d % 64)
		}
	}
}

// markImpacts sets the bit of every document of an impact stream.
func markImpacts(set []uint64, il *impactList) {
	data := il.data
	off := 0
	d := uint32(0)
	for range il.docs {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		off++ // the impact byte
		set[d/64] |= 1 << (d % 64)
	}
}

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
// the words it only added to touched list, found by decoding those lists'
// documents without scoring them. They are marked in a bitmap and counted in
// document order, so the facets' reads of each document's categories and
// day run forward through memory instead of jumping about in the order the
// postings lists named the documents.

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

// countSet counts the live documents of set and their facets. When set
// holds most of the index (a query of common words matches nine papers in
// ten) it visits the documents outside it instead: the facets are those of
// every live document (liveFacets) less theirs.
func (ix *Index) countSet(set []uint64, fc *facetCounter) int {
	nd := ix.NumDocs()
	in := 0
	for _, w := range set {
		in += bits.OnesCount64(w)
	}
	anyDead := ix.Live() != nd
	if in <= nd/2 {
		total := 0
		for w, word := range set {
			for ; word != 0; word &= word - 1 {
				n := uint32(w*64 + bits.TrailingZeros64(word))
				if anyDead && ix.Dead(n) {
					continue
				}
				total++
				fc.add(ix, n)
			}
		}
		return total
	}
	if fc != nil {
		cats, years := ix.liveFacets()
		copy(fc.cats, cats)
		copy(fc.years, years)
	}
	out := 0 // live documents outside set
	for w, word := range set {
		word = ^word
		if rest := nd - w*64; rest < 64 {
			word &= 1<<rest - 1
		}
		for ; word != 0; word &= word - 1 {
			n := uint32(w*64 + bits.TrailingZeros64(word))
			if anyDead && ix.Dead(n) {
				continue
			}
			out++
			fc.count(ix, n, -1)
		}
	}
	return ix.Live() - out
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

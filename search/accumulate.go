package search

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/paperwire/paperwire/search/postings"
)

// accumulator holds one query's scores: a dense array indexed by document
// number plus the list of documents touched, so resetting costs only what
// the query touched.
type accumulator struct {
	scores  []float32
	touched []uint32
	// floor, once accumulate stopped adding new documents, is a score that
	// at least k live documents exceed: no document at or below it can be
	// among the k best (selectTop starts its cut there). 0 otherwise.
	floor float32
	// added is how many terms of order added new documents: all of them,
	// unless accumulate stopped early (then order[added:] only added to
	// documents already touched).
	added   int
	matched []uint64  // countMatches' set of matches, kept for reuse
	live    []uint64  // selectTop's matches at or above its cut, kept for reuse
	radix   []uint64  // selectTop's sorting buffer, kept for reuse
	order   []int     // accumulate's term order, kept for reuse
	rest    []float64 // accumulate's bounds, kept for reuse
	pool    *sync.Pool
}

func (a *accumulator) release() {
	if len(a.touched) > len(a.scores)/8 {
		clear(a.scores)
	} else {
		for _, n := range a.touched {
			a.scores[n] = 0
		}
	}
	a.touched = a.touched[:0]
	a.floor, a.added = 0, 0
	a.pool.Put(a)
}

// accumulate scores every document that contains a scored term (BM25F, see
// Params), the terms taken by decreasing idf.
//
// With k > 0 the caller needs only the k best live documents and their exact
// scores, not every match: once the words left to score could together add
// less than the score k documents already exceed, no document outside the
// touched list can reach the top k, and the remaining words' postings only
// add to documents already touched (see addToTouched). The touched list then
// holds fewer than all matches.
func (ix *Index) accumulate(pl *plan, k int) *accumulator {
	acc, _ := ix.accPool.Get().(*accumulator)
	if acc == nil {
		acc = &accumulator{pool: &ix.accPool}
	}
	if nd := ix.NumDocs(); len(acc.scores) < nd {
		acc.scores = make([]float32, nd+nd/8)
	}
	// Every new document is written at the end of the touched list and the
	// list grows only if the document was new: no branch the CPU would
	// mispredict for about half of a common word's postings.
	if cap(acc.touched) <= len(acc.scores) { // one spare: the write comes before the test
		acc.touched = make([]uint32, 0, len(acc.scores)+1)
	}
	acc.touched = acc.touched[:0]
	f := ix.fieldScoring()
	gen := ix.ScoringGen()
	order := byWeight(pl.scored, acc.order[:0])
	acc.order = order
	// rest[i] bounds what the terms from order[i] on can add to a score:
	// each adds weight·x/(k1+x) < weight, or weight·level < weight from
	// impacts.
	rest := acc.rest[:0]
	sum := 0.0
	for i := len(order) - 1; i >= 0; i-- {
		sum += float64(pl.scored[order[i]].weight)
		rest = append(rest, sum)
	}
	slices.Reverse(rest)
	acc.rest = rest
	acc.added = len(order)
	for i, t := range order {
		st := &pl.scored[t]
		if i > 0 && k > 0 && ix.outranked(acc, k, rest[i], rest[0]-rest[i]) {
			acc.floor, acc.added = paddedBound(rest[i]), i
			for _, t := range order[i:] {
				ix.addTerm(acc, f, &pl.scored[t], gen, true)
			}
			break
		}
		ix.addTerm(acc, f, st, gen, false)
	}
	return acc
}

// byWeight returns the indexes of terms by decreasing weight (stable), in
// buf. Summing every document's score in one fixed order keeps scores the
// same whether or not a search stops adding new documents early.
func byWeight(terms []scoredTerm, buf []int) []int {
	for i := range terms {
		buf = append(buf, i)
	}
	slices.SortStableFunc(buf, func(a, b int) int { return cmp.Compare(terms[b].weight, terms[a].weight) })
	return buf
}

// outranked reports whether at least k live touched documents score above
// bound (padded for float32 rounding), so that a document the remaining
// terms would add, scoring below bound, cannot be among the k best. done is
// the weight of the terms already added: no score exceeds it, so when bound
// is not below it the scan is skipped.
func (ix *Index) outranked(acc *accumulator, k int, bound, done float64) bool {
	if bound >= done || len(acc.touched) < k {
		return false
	}
	limit := paddedBound(bound)
	scores := acc.scores
	// Every 16th document first: a check that would fail (most do, until
	// the last words) then costs a sixteenth of the scan. The sample only
	// decides whether to count; the count decides.
	sampled := 0
	for i := 0; i < len(acc.touched); i += 16 {
		if scores[acc.touched[i]] > limit {
			sampled++
		}
	}
	if sampled*16 < k*3/4 {
		return false
	}
	anyDead := ix.Live() != ix.NumDocs()
	above := 0
	touched := acc.touched
	for len(touched) > 0 {
		chunk := touched[:min(len(touched), 512)]
		touched = touched[len(chunk):]
		for _, n := range chunk {
			if scores[n] > limit && !(anyDead && ix.Dead(n)) {
				above++
			}
		}
		if above >= k {
			return true
		}
		if above+len(touched) < k {
			return false // too few left to make k
		}
	}
	return false
}

// paddedBound is bound as a float32 score, padded for rounding: a score
// above it is above bound.
func paddedBound(bound float64) float32 { return float32(bound*(1+1e-4)) + 1e-6 }

// fieldScoring is what scoring a posting reads: BM25F's k1, the field
// weights, and per field the documents' length buckets and their
// normalisations.
type fieldScoring struct {
	k1             float32
	w              [NumFields]float32
	nt, na, nu, nc []float32
	lt, la, lu, lc []uint16
}

func (ix *Index) fieldScoring() *fieldScoring {
	params := ix.Scoring()
	f := &fieldScoring{k1: float32(params.K1)}
	for i := range f.w {
		f.w[i] = float32(params.Weight[i])
	}
	f.nt, f.na, f.nu, f.nc = ix.Norms(FieldTitle), ix.Norms(FieldAbstract), ix.Norms(FieldAuthors), ix.Norms(FieldCategories)
	f.lt, f.la, f.lu, f.lc = ix.FieldLens(FieldTitle), ix.FieldLens(FieldAbstract), ix.FieldLens(FieldAuthors), ix.FieldLens(FieldCategories)
	return f
}

// x decodes the frequencies of the posting at data[off:] (its header on)
// for document d and returns BM25F's pseudo-frequency and where the next
// posting starts. The usual posting, a word a few times in the abstract
// alone, is decoded here (the scoring loops repeat this case inline);
// xFields decodes the rest, for them too.
func (f *fieldScoring) x(data []byte, off int, d uint32) (float32, int) {
	if h := data[off]; h&15 == 1<<FieldAbstract && h>>4 != 0 {
		return f.w[FieldAbstract] * float32(h>>4) * f.na[f.la[d]], off + 1
	}
	return f.xFields(data, off, d)
}

func (f *fieldScoring) xFields(data []byte, off int, d uint32) (float32, int) {
	h := data[off]
	off++
	mask := h & 15
	if mask == 0 {
		return 0, off
	}
	var tf [NumFields]uint8
	first := bits.TrailingZeros8(mask)
	if t := h >> 4; t != 0 {
		tf[first] = t
	} else {
		tf[first] = data[off]
		off++
	}
	for m := mask & (mask - 1); m != 0; m &= m - 1 {
		tf[bits.TrailingZeros8(m)] = data[off]
		off++
	}
	var x float32
	if tf[0] != 0 {
		x += f.w[0] * float32(tf[0]) * f.nt[f.lt[d]]
	}
	if tf[1] != 0 {
		x += f.w[1] * float32(tf[1]) * f.na[f.la[d]]
	}
	if tf[2] != 0 {
		x += f.w[2] * float32(tf[2]) * f.nu[f.lu[d]]
	}
	if tf[3] != 0 {
		x += f.w[3] * float32(tf[3]) * f.nc[f.lc[d]]
	}
	return x, off
}

// add scores every posting of st, appending documents seen for the first
// time to the touched list. The usual posting is decoded inline (see
// postings), here and in addToTouched: a call per posting costs a tenth of
// the loop. The rarer ones, in the title or in several fields, are decoded
// by xFields.
func (f *fieldScoring) add(acc *accumulator, st *scoredTerm) {
	scores := acc.scores
	touched := acc.touched[:cap(acc.touched)]
	count := len(acc.touched)
	k1, wa, na, la := f.k1, f.w[FieldAbstract], f.na, f.la
	data, n, weight := st.p.Data, st.p.N, st.weight
	off := 0
	d := uint32(0)
	for range n {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		h := data[off]
		off++
		var x float32
		if h&15 == 1<<FieldAbstract && h>>4 != 0 {
			x = wa * float32(h>>4) * na[la[d]]
		} else {
			x, off = f.xFields(data, off-1, d)
		}
		if x == 0 {
			continue
		}
		old := scores[d]
		touched[count] = d
		if old == 0 {
			count++
		}
		scores[d] = old + weight*x/(k1+x)
	}
	acc.touched = touched[:count]
}

// addToTouched is add for documents already touched: others' postings are
// decoded and scored but add nothing and are not appended. Masking the
// addition, rather than skipping the scoring, keeps a branch that would be
// mispredicted for about half the postings out of the loop.
func (f *fieldScoring) addToTouched(acc *accumulator, st *scoredTerm) {
	scores := acc.scores
	k1, wa, na, la := f.k1, f.w[FieldAbstract], f.na, f.la
	data, n, weight := st.p.Data, st.p.N, st.weight
	off := 0
	d := uint32(0)
	for range n {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		h := data[off]
		off++
		var x float32
		if h&15 == 1<<FieldAbstract && h>>4 != 0 {
			x = wa * float32(h>>4) * na[la[d]]
		} else {
			x, off = f.xFields(data, off-1, d)
		}
		old := scores[d]
		// All ones when old is not zero (scores are never negative zero).
		u := math.Float32bits(old)
		mask := -((u | -u) >> 31)
		add := math.Float32frombits(math.Float32bits(weight*x/(k1+x)) & mask)
		scores[d] = old + add
	}
}

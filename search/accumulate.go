package search

import (
	"math/bits"
	"sync"

	"github.com/paperwire/paperwire/search/postings"
)

// accumulator holds one query's scores: a dense array indexed by document
// number plus the list of documents touched, so resetting costs only what
// the query touched.
type accumulator struct {
	scores  []float32
	touched []uint32
	live    []uint64 // selectTop's matches at or above its cut, kept for reuse
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
	a.pool.Put(a)
}

// accumulate scores every document that contains a scored term (BM25F, see Params).
func (ix *Index) accumulate(pl *plan) *accumulator {
	acc, _ := ix.accPool.Get().(*accumulator)
	if acc == nil {
		acc = &accumulator{pool: &ix.accPool}
	}
	if nd := ix.NumDocs(); len(acc.scores) < nd {
		acc.scores = make([]float32, nd+nd/8)
	}
	params := ix.Scoring()
	k1 := float32(params.K1)
	var w [NumFields]float32
	for f := range w {
		w[f] = float32(params.Weight[f])
	}
	nt, na, nu, nc := ix.Norms(FieldTitle), ix.Norms(FieldAbstract), ix.Norms(FieldAuthors), ix.Norms(FieldCategories)
	lt, la, lu, lc := ix.FieldLens(FieldTitle), ix.FieldLens(FieldAbstract), ix.FieldLens(FieldAuthors), ix.FieldLens(FieldCategories)
	scores := acc.scores
	// Every new document is written at the end of the touched list and the
	// list grows only if the document was new: no branch the CPU would
	// mispredict for about half of a common word's postings.
	if cap(acc.touched) <= len(scores) { // one spare: the write comes before the test
		acc.touched = make([]uint32, 0, len(scores)+1)
	}
	touched := acc.touched[:cap(acc.touched)]
	count := 0
	for _, st := range pl.scored {
		data := st.p.Data
		off := 0
		d := uint32(0)
		for i := uint32(0); i < st.p.N; i++ {
			// Inline decoding of one posting (see postings).
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
			if h&15 == 1<<FieldAbstract && h>>4 != 0 { // the common case: abstract only, tf < 16
				x = w[1] * float32(h>>4) * na[la[d]]
			} else {
				var tf [NumFields]uint8
				mask := h & 15
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
				if tf[0] != 0 {
					x += w[0] * float32(tf[0]) * nt[lt[d]]
				}
				if tf[1] != 0 {
					x += w[1] * float32(tf[1]) * na[la[d]]
				}
				if tf[2] != 0 {
					x += w[2] * float32(tf[2]) * nu[lu[d]]
				}
				if tf[3] != 0 {
					x += w[3] * float32(tf[3]) * nc[lc[d]]
				}
			}
			if x == 0 {
				continue
			}
			old := scores[d]
			touched[count] = d
			if old == 0 {
				count++
			}
			scores[d] = old + st.weight*x/(k1+x)
		}
	}
	acc.touched = touched[:count]
	return acc
}

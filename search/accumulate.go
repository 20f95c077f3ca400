package search

import "sync"

// accumulator holds one query's scores: a dense array indexed by document
// number plus the list of documents touched, so resetting costs only what
// the query touched.
type accumulator struct {
	scores  []float32
	touched []uint32
	pool    *sync.Pool
}

func (a *accumulator) release() {
	for _, n := range a.touched {
		a.scores[n] = 0
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
	if len(acc.scores) < len(ix.ids) {
		acc.scores = make([]float32, len(ix.ids)+len(ix.ids)/8)
	}
	k1 := float32(ix.params.K1)
	var w [NumFields]float32
	for f := range w {
		w[f] = float32(ix.params.Weight[f])
	}
	nt, na, nu, nc := ix.norm[FieldTitle], ix.norm[FieldAbstract], ix.norm[FieldAuthors], ix.norm[FieldCategories]
	flen := ix.flen
	scores := acc.scores
	touched := acc.touched
	for _, st := range pl.scored {
		tf := st.p.tf
		for i, d := range st.p.docs {
			t := tf[i*NumFields : i*NumFields+NumFields : i*NumFields+NumFields]
			l := flen[int(d)*NumFields : int(d)*NumFields+NumFields : int(d)*NumFields+NumFields]
			var x float32
			if t[0] != 0 {
				x += w[0] * float32(t[0]) * nt[l[0]]
			}
			if t[1] != 0 {
				x += w[1] * float32(t[1]) * na[l[1]]
			}
			if t[2] != 0 {
				x += w[2] * float32(t[2]) * nu[l[2]]
			}
			if t[3] != 0 {
				x += w[3] * float32(t[3]) * nc[l[3]]
			}
			if x == 0 {
				continue
			}
			if scores[d] == 0 {
				touched = append(touched, d)
			}
			scores[d] += st.weight * x / (k1 + x)
		}
	}
	acc.touched = touched
	return acc
}

package main

import (
	"fmt"
	"sort"

	"github.com/viterin/vek/vek32"
)

// smoothLab tries score propagation over the corpus's nearest-neighbour
// graph: a candidate also earns a share of its vector neighbours' scores.
func (r *labRuns) smoothLab(ds *dataset, report func(string, [][]hit), nb func(qi int) (func(float64) float64, func(float64) float64)) {
	const maxK = 10
	nn := make([][]int, len(r.dv))
	for i, v := range r.dv {
		type sc struct {
			d int
			s float32
		}
		top := make([]sc, 0, len(r.dv))
		for j, u := range r.dv {
			if j != i {
				top = append(top, sc{j, vek32.Dot(v, u)})
			}
		}
		sort.Slice(top, func(a, b int) bool { return top[a].s > top[b].s })
		for _, t := range top[:maxK] {
			nn[i] = append(nn[i], t.d)
		}
	}
	for _, k := range []int{3, 10} {
		for _, alpha := range []float64{0.1, 0.2, 0.4} {
			for _, w := range []float64{0.4, 0.5} {
				runs := make([][]hit, len(ds.queries))
				for qi := range runs {
					nbm, ncos := nb(qi)
					bmOf := map[int]float64{}
					for _, h := range r.bm[qi] {
						bmOf[h.Doc] = nbm(h.Score)
					}
					out := make([]hit, len(r.bm[qi]))
					for c, h := range r.bm[qi] {
						var sb, sc float64
						for _, n := range nn[h.Doc][:k] {
							sb += bmOf[n]
							sc += ncos(float64(vek32.Dot(r.qv[qi], r.dv[n])))
						}
						sb, sc = sb/float64(k), sc/float64(k)
						out[c] = hit{h.Doc, (1-w)*(nbm(h.Score)+alpha*sb) + w*(ncos(r.cos[qi][c])+alpha*sc)}
					}
					sortHits(out)
					runs[qi] = out
				}
				report(fmt.Sprintf("nn-smooth k=%d α=%.1f w=%.1f", k, alpha, w), runs)
			}
		}
	}
}

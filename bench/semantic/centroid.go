package main

import (
	"fmt"
	"math"

	"github.com/paperwire/paperwire/embed"
	"github.com/viterin/vek/vek32"
)

// centroidLab mixes each word's vector with the direction of the documents
// it occurs in (the rare-word rule, extended to words of a few documents).
func (r *labRuns) centroidLab(ds *dataset, m *embed.Model, texts []string, report func(string, [][]hit), blendWith func(qv, dv [][]float32, w float64) [][]hit) {
	t := m.Table()
	dim := t.Dim
	// unit document vectors as the model embeds them
	cent := make([]float32, len(t.Vecs))
	df := make([]int, len(t.Words))
	for d, x := range texts {
		seen := map[int]bool{}
		for _, w := range embed.Tokenize(x) {
			if j := t.Lookup(w); j >= 0 && !seen[j] {
				seen[j] = true
				df[j]++
				vek32.Add_Inplace(cent[j*dim:(j+1)*dim], r.dv[d])
			}
		}
	}
	for _, maxDF := range []int{3, 10, 50} {
		for _, lambda := range []float64{0.3, 0.7} {
			nt := &embed.Table{Words: t.Words, Dim: dim, Weights: t.Weights, Vecs: make([]float32, len(t.Vecs))}
			copy(nt.Vecs, t.Vecs)
			for j := range t.Words {
				if df[j] < 2 || df[j] > maxDF {
					continue
				}
				row, c := nt.Row(j), cent[j*dim:(j+1)*dim]
				n, cn := vek32.Norm(row), vek32.Norm(c)
				if cn == 0 {
					continue
				}
				vek32.Add_Inplace(row, vek32.MulNumber(c, float32(lambda)*n/cn))
			}
			lin := func(idf float32, tf int) float32 { return idf * float32(tf) }
			qv := make([][]float32, len(ds.queries))
			for i, q := range ds.queries {
				qv[i] = bagVec(nt, q.text, lin)
			}
			dv := make([][]float32, len(texts))
			for i, x := range texts {
				dv[i] = bagVec(nt, x, lin)
			}
			vec := rankAll(qv, dv, 100)
			nd, _ := score(ds, vec)
			for _, w := range []float64{0.5, 0.6} {
				report(fmt.Sprintf("centroid df≤%d λ=%.1f (vector %.4f) w=%.1f", maxDF, lambda, nd, w), blendWith(qv, dv, w))
			}
		}
	}
	_ = math.Sqrt
}

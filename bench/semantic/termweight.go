package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/viterin/vek/vek32"
)

// termWeightLab re-weights each query term's BM25F contribution by how
// central the term is to the query's meaning: the cosine of the term's word
// vector with the query vector. BM25F is a sum over terms, so one search per
// term gives each contribution exactly.
func (r *labRuns) termWeightLab(ds *dataset, m *embed.Model, ix *search.Index, report func(string, [][]hit), nzCos func(qi int) func(float64) float64) {
	t := m.Table()
	an := analysis.New()
	type contrib struct {
		cos    float64
		scores map[int]float64
	}
	per := make([][]contrib, len(ds.queries))
	for qi, q := range ds.queries {
		seen := map[string]bool{}
		for _, w := range embed.Tokenize(q.text) {
			terms := an.Terms(w)
			if len(terms) == 0 || seen[terms[0]] {
				continue
			}
			seen[terms[0]] = true
			c := contrib{cos: 0, scores: map[int]float64{}}
			if j := t.Lookup(w); j >= 0 {
				row := t.Row(j)
				c.cos = float64(vek32.Dot(row, r.qv[qi]) / max(vek32.Norm(row), 1e-9))
			}
			for _, h := range ix.SearchText(w, 5000) {
				d, _ := strconv.Atoi(h.ID)
				c.scores[d] = h.Score
			}
			per[qi] = append(per[qi], c)
		}
	}
	for _, g := range []float64{0.5, 1, 2} {
		for _, floor := range []float64{0.2, 0.5} {
			for _, w := range []float64{0.4, 0.5} {
				runs := make([][]hit, len(ds.queries))
				for qi := range runs {
					lex := make([]float64, len(r.bm[qi]))
					for k, h := range r.bm[qi] {
						for _, c := range per[qi] {
							lex[k] += (floor + (1-floor)*math.Pow(max(c.cos, 0), g)) * c.scores[h.Doc]
						}
					}
					nl, nc := minmaxOf(lex), nzCos(qi)
					out := make([]hit, len(r.bm[qi]))
					for k, h := range r.bm[qi] {
						out[k] = hit{h.Doc, (1-w)*nl(lex[k]) + w*nc(r.cos[qi][k])}
					}
					sortHits(out)
					runs[qi] = out
				}
				report(fmt.Sprintf("term weights γ=%.1f floor=%.1f w=%.1f", g, floor, w), runs)
			}
		}
	}
}

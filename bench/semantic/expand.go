package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/viterin/vek/vek32"
)

// expansionLab adds a second lexical score: BM25F of the words nearest the
// query's vector (embedding-based query expansion), over the same candidates.
func (r *labRuns) expansionLab(ds *dataset, m *embed.Model, ix *search.Index, report func(string, [][]hit),
	fuse func(qi int, extra map[int]float64, beta, w float64) []hit) {
	t := m.Table()
	unit := make([]float32, len(t.Vecs))
	copy(unit, t.Vecs)
	for i := range t.Words {
		row := unit[i*t.Dim : (i+1)*t.Dim]
		if n := vek32.Norm(row); n > 0 {
			vek32.DivNumber_Inplace(row, n)
		}
	}
	an := analysis.New()
	maxIDF := math.Log(1 + (float64(len(ds.docIDs))-1.5)/1.5) // df 1
	for _, cfg := range []struct {
		n      int
		minCos float32
	}{{3, 0.3}, {5, 0.3}, {10, 0.3}} {
		extra := make([]map[int]float64, len(ds.queries))
		var example string
		for qi, q := range ds.queries {
			stems := map[string]bool{}
			for _, s := range an.Terms(q.text) {
				stems[s] = true
			}
			type cand struct {
				w   string
				cos float32
			}
			var top []cand
			qv := r.qv[qi]
			for i, w := range t.Words {
				if float64(t.Weights[i]) >= maxIDF-1e-3 || len(w) < 3 {
					continue // words of one document only, and bits
				}
				c := vek32.Dot(qv, unit[i*t.Dim:(i+1)*t.Dim])
				if c < cfg.minCos || (len(top) == cfg.n && c <= top[len(top)-1].cos) {
					continue
				}
				if terms := an.Terms(w); len(terms) != 1 || stems[terms[0]] {
					continue
				}
				top = append(top, cand{w, c})
				for k := len(top) - 1; k > 0 && top[k].cos > top[k-1].cos; k-- {
					top[k], top[k-1] = top[k-1], top[k]
				}
				if len(top) > cfg.n {
					top = top[:cfg.n]
				}
			}
			words := make([]string, len(top))
			for k, c := range top {
				words[k] = c.w
			}
			if qi == 0 {
				example = q.text + " → " + strings.Join(words, " ")
			}
			extra[qi] = map[int]float64{}
			if len(words) == 0 {
				continue
			}
			for _, h := range ix.SearchText(strings.Join(words, " "), 2000) {
				var d int
				fmt.Sscan(h.ID, &d)
				extra[qi][d] = h.Score
			}
		}
		fmt.Printf("# expansion n=%d: %s\n", cfg.n, example)
		for _, beta := range []float64{0.1, 0.2, 0.3} {
			for _, w := range []float64{0.3, 0.4, 0.5} {
				runs := make([][]hit, len(ds.queries))
				for qi := range runs {
					runs[qi] = fuse(qi, extra[qi], beta, w)
				}
				report(fmt.Sprintf("qe n=%d β=%.1f w=%.1f", cfg.n, beta, w), runs)
			}
		}
	}
}

package main

import (
	"fmt"
	"math"

	"github.com/paperwire/paperwire/embed"
	"github.com/viterin/vek/vek32"
)

// bagVec embeds text with a custom word weight: w(idf, tf) per distinct word.
func bagVec(t *embed.Table, text string, w func(idf float32, tf int) float32) []float32 {
	tf := map[int]int{}
	for _, word := range embed.Tokenize(text) {
		if j := t.Lookup(word); j >= 0 {
			tf[j]++
		}
	}
	v := make([]float32, t.Dim)
	for j, n := range tf {
		row := t.Row(j)
		c := w(t.Weights[j], n)
		for k := range v {
			v[k] += c * row[k]
		}
	}
	if n := vek32.Norm(v); n > 0 {
		vek32.DivNumber_Inplace(v, n)
	}
	return v
}

// weightLab re-embeds queries and documents with other word weights and
// with the corpus's common direction removed, and blends each with BM25F.
func (r *labRuns) weightLab(ds *dataset, m *embed.Model, texts []string, report func(string, [][]hit), blendWith func(qv, dv [][]float32, w float64) [][]hit) {
	t := m.Table()
	type scheme struct {
		name string
		q, d func(idf float32, tf int) float32
	}
	lin := func(idf float32, tf int) float32 { return idf * float32(tf) }
	pow := func(p float64) func(float32, int) float32 {
		return func(idf float32, tf int) float32 { return float32(math.Pow(float64(idf), p)) * float32(tf) }
	}
	sub := func(idf float32, tf int) float32 { return idf * float32(1+math.Log(float64(tf))) }
	for _, s := range []scheme{
		{"as trained (idf·tf)", lin, lin},
		{"query idf^1.5", pow(1.5), lin},
		{"query idf^2", pow(2), lin},
		{"query idf^0.5", pow(0.5), lin},
		{"doc (1+log tf)·idf", lin, sub},
		{"both idf^1.5", pow(1.5), pow(1.5)},
	} {
		qv := make([][]float32, len(ds.queries))
		for i, q := range ds.queries {
			qv[i] = bagVec(t, q.text, s.q)
		}
		dv := make([][]float32, len(texts))
		for i, x := range texts {
			dv[i] = bagVec(t, x, s.d)
		}
		for _, w := range []float64{0.4, 0.5} {
			report(fmt.Sprintf("%s w=%.1f", s.name, w), blendWith(qv, dv, w))
		}
		if s.name != "as trained (idf·tf)" {
			continue
		}
		// Common-component removal: the mean document direction.
		mean := make([]float32, t.Dim)
		for _, v := range dv {
			vek32.Add_Inplace(mean, v)
		}
		if n := vek32.Norm(mean); n > 0 {
			vek32.DivNumber_Inplace(mean, n)
		}
		strip := func(vs [][]float32, a float32) [][]float32 {
			out := make([][]float32, len(vs))
			for i, v := range vs {
				u := append([]float32(nil), v...)
				vek32.Add_Inplace(u, vek32.MulNumber(mean, -a*vek32.Dot(u, mean)))
				if n := vek32.Norm(u); n > 0 {
					vek32.DivNumber_Inplace(u, n)
				}
				out[i] = u
			}
			return out
		}
		for _, a := range []float32{0.5, 1} {
			for _, w := range []float64{0.4, 0.5} {
				report(fmt.Sprintf("common direction ×%.1f removed w=%.1f", a, w), blendWith(strip(qv, a), strip(dv, a), w))
			}
		}
	}
}

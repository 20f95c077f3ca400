package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/viterin/vek/vek32"
)

// pseudoFit measures the blend weight that pseudo-queries made from the
// corpus alone would choose: a sentence taken out of a random abstract is the
// query, its abstract (without that sentence) the one relevant document.
func pseudoFit(ctx context.Context, ds *dataset, m *embed.Model, samples int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 7))
	type pq struct {
		doc  int
		text string
	}
	var qs []pq
	texts := append([]string(nil), ds.texts...)
	for _, d := range rng.Perm(len(ds.docIDs)) {
		if len(qs) == samples {
			break
		}
		sents := embed.SplitSentences(ds.texts[d])
		if len(sents) < 3 {
			continue
		}
		k := rng.IntN(len(sents))
		if len(embed.Tokenize(sents[k])) < 5 {
			continue
		}
		qs = append(qs, pq{d, sents[k]})
		texts[d] = strings.Join(append(append([]string(nil), sents[:k]...), sents[k+1:]...), " ")
	}
	docs := make([]search.Document, len(texts))
	full := make([]string, len(texts))
	for i := range docs {
		docs[i] = search.Document{ID: strconv.Itoa(i), Title: ds.titles[i], Abstract: texts[i]}
		full[i] = ds.titles[i] + "\n" + texts[i]
	}
	ix := search.BuildIndex(search.DefaultParams(), docs)
	dv, err := m.Embed(ctx, full)
	if err != nil {
		return err
	}
	ws := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}
	mrr := make([]float64, len(ws))
	for _, q := range qs {
		qv, _ := m.Embed(ctx, []string{q.text})
		hits := ix.SearchText(q.text, 1000)
		bm := make([]float64, len(hits))
		cs := make([]float64, len(hits))
		for k, h := range hits {
			d, _ := strconv.Atoi(h.ID)
			bm[k], cs[k] = h.Score, float64(vek32.Dot(qv[0], dv[d]))
		}
		nb, nc := minmaxOf(bm), minmaxOf(cs)
		for wi, w := range ws {
			// rank of the source document under the blend
			target := -1
			for k, h := range hits {
				if h.ID == strconv.Itoa(q.doc) {
					target = k
				}
			}
			if target < 0 {
				continue
			}
			st := (1-w)*nb(bm[target]) + w*nc(cs[target])
			rank := 0
			for k := range hits {
				if (1-w)*nb(bm[k])+w*nc(cs[k]) > st {
					rank++
				}
			}
			if rank < 10 {
				mrr[wi] += 1 / float64(rank+1)
			}
		}
	}
	fmt.Printf("# pseudo-queries (%d sentences out of their abstracts): MRR@10 by blend weight\n", len(qs))
	for wi, w := range ws {
		fmt.Printf("  w=%.1f  %.4f\n", w, mrr[wi]/float64(len(qs)))
	}
	return nil
}

func minmaxOf(xs []float64) func(float64) float64 {
	if len(xs) == 0 {
		return func(float64) float64 { return 0 }
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return func(x float64) float64 {
		if hi <= lo {
			return 1
		}
		return (x - lo) / (hi - lo)
	}
}

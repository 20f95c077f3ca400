package main

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/viterin/vek/vek32"
)

// labRuns are the signals the fusion lab combines, per query over the
// product's BM25F top 1,000: lexical scores, cosines of the whole document,
// and the best sentence of each document by cosine and by BM25.
type labRuns struct {
	bm      [][]hit       // product BM25F top 1,000
	cos     [][]float64   // cosine(query, document), aligned with bm
	sentCos [][]float64   // max over the title and each sentence of cosine(query, span)
	sentBM  [][]float64   // max BM25F of a single span (title or sentence), 0 when none matched
	qv, dv  [][]float32   // query and document vectors
	spans   [][][]float32 // per document: title and sentence vectors
}

// runLab builds the product's BM25F index over the corpus (and a span-level
// one), scores BM25's candidates with the model, and prints fusion variants.
func runLab(ctx context.Context, ds *dataset, m *embed.Model) error {
	start := time.Now()
	docs := make([]search.Document, len(ds.docIDs))
	var spanDocs []search.Document
	spanText := make([][]string, len(ds.docIDs))
	for i := range docs {
		docs[i] = search.Document{ID: strconv.Itoa(i), Title: ds.titles[i], Abstract: ds.texts[i]}
		spans := append([]string{ds.titles[i]}, embed.SplitSentences(ds.texts[i])...)
		spanText[i] = spans
		for k, s := range spans {
			spanDocs = append(spanDocs, search.Document{ID: strconv.Itoa(i) + "/" + strconv.Itoa(k), Abstract: s})
		}
	}
	ix := search.BuildIndex(search.DefaultParams(), docs)
	six := search.BuildIndex(search.DefaultParams(), spanDocs)
	r := &labRuns{}
	texts := make([]string, len(ds.docIDs))
	for i := range texts {
		texts[i] = ds.titles[i] + "\n" + ds.texts[i]
	}
	var err error
	if r.dv, err = m.Embed(ctx, texts); err != nil {
		return err
	}
	r.spans = make([][][]float32, len(texts))
	for i, spans := range spanText {
		if r.spans[i], err = m.Embed(ctx, spans); err != nil {
			return err
		}
	}
	qtexts := make([]string, len(ds.queries))
	for i, q := range ds.queries {
		qtexts[i] = q.text
	}
	if r.qv, err = m.Embed(ctx, qtexts); err != nil {
		return err
	}
	n := len(ds.queries)
	r.bm, r.cos, r.sentCos, r.sentBM = make([][]hit, n), make([][]float64, n), make([][]float64, n), make([][]float64, n)
	for qi, q := range ds.queries {
		for _, h := range ix.SearchText(q.text, 1000) {
			d, _ := strconv.Atoi(h.ID)
			r.bm[qi] = append(r.bm[qi], hit{d, h.Score})
		}
		best := map[int]float64{}
		for _, h := range six.SearchText(q.text, 5000) {
			d, _ := strconv.Atoi(h.ID[:strings.IndexByte(h.ID, '/')])
			best[d] = max(best[d], h.Score)
		}
		for _, h := range r.bm[qi] {
			r.cos[qi] = append(r.cos[qi], float64(vek32.Dot(r.qv[qi], r.dv[h.Doc])))
			mx := -1.0
			for _, sv := range r.spans[h.Doc] {
				mx = max(mx, float64(vek32.Dot(r.qv[qi], sv)))
			}
			r.sentCos[qi] = append(r.sentCos[qi], mx)
			r.sentBM[qi] = append(r.sentBM[qi], best[h.Doc])
		}
	}
	fmt.Printf("# lab: indexes and features in %s\n", time.Since(start).Round(time.Millisecond))
	report := func(name string, runs [][]hit) {
		nd, rc := score(ds, runs)
		fmt.Printf("%-28s nDCG@10 %.4f  R@100 %.4f\n", name, nd, rc)
	}
	report("bm25f", r.bm)
	// combine re-ranks each query's candidates by f(query, candidate index).
	combine := func(f func(qi, k int) float64) [][]hit {
		runs := make([][]hit, n)
		for qi := range runs {
			out := make([]hit, len(r.bm[qi]))
			for k, h := range r.bm[qi] {
				out[k] = hit{h.Doc, f(qi, k)}
			}
			sortHits(out)
			runs[qi] = out
		}
		return runs
	}
	type norms struct{ bm, cos, sc, sb func(float64) float64 }
	nz := make([]norms, n)
	for qi := range nz {
		b := make([]float64, len(r.bm[qi]))
		for k, h := range r.bm[qi] {
			b[k] = h.Score
		}
		nz[qi] = norms{minmaxOf(b), minmaxOf(r.cos[qi]), minmaxOf(r.sentCos[qi]), minmaxOf(r.sentBM[qi])}
	}
	for _, w := range []float64{0.3, 0.4, 0.5} {
		report(fmt.Sprintf("blend w=%.1f", w), combine(func(qi, k int) float64 {
			return (1-w)*nz[qi].bm(r.bm[qi][k].Score) + w*nz[qi].cos(r.cos[qi][k])
		}))
	}
	for _, ws := range [][4]float64{{0.5, 0.3, 0.2, 0}} {
		_ = ws
	}
	for _, ws := range [][4]float64{{0.6, 0.4, 0, 0}, {0.5, 0.3, 0.2, 0}, {0.5, 0.2, 0.3, 0}, {0.4, 0.3, 0.3, 0}, {0.45, 0.35, 0, 0.2}, {0.4, 0.4, 0, 0.2}, {0.35, 0.35, 0, 0.3}, {0.4, 0.3, 0.15, 0.15}, {0.3, 0.3, 0.2, 0.2}, {0.35, 0.3, 0.15, 0.2}} {
		report(fmt.Sprintf("bm/cos/sentcos/sentbm %.2g/%.2g/%.2g/%.2g", ws[0], ws[1], ws[2], ws[3]), combine(func(qi, k int) float64 {
			z := nz[qi]
			return ws[0]*z.bm(r.bm[qi][k].Score) + ws[1]*z.cos(r.cos[qi][k]) + ws[2]*z.sc(r.sentCos[qi][k]) + ws[3]*z.sb(r.sentBM[qi][k])
		}))
	}
	blendAt := func(qi int, w float64) []hit {
		out := make([]hit, len(r.bm[qi]))
		for k, h := range r.bm[qi] {
			out[k] = hit{h.Doc, (1-w)*nz[qi].bm(h.Score) + w*nz[qi].cos(r.cos[qi][k])}
		}
		sortHits(out)
		return out
	}
	feats := map[string][]float64{}
	add := func(name string, f func(qi int) float64) {
		v := make([]float64, n)
		for qi := range v {
			v[qi] = f(qi)
		}
		feats[name] = v
	}
	at := func(xs []hit, k int) float64 {
		if k < len(xs) {
			return xs[k].Score
		}
		return 0
	}
	add("bm_top1", func(qi int) float64 { return at(r.bm[qi], 0) })
	add("bm_gap1_10", func(qi int) float64 { return (at(r.bm[qi], 0) - at(r.bm[qi], 9)) / max(at(r.bm[qi], 0), 1e-9) })
	add("bm_gap1_2", func(qi int) float64 { return (at(r.bm[qi], 0) - at(r.bm[qi], 1)) / max(at(r.bm[qi], 0), 1e-9) })
	add("qlen", func(qi int) float64 { return float64(len(embed.Tokenize(ds.queries[qi].text))) })
	add("cos_top", func(qi int) float64 {
		b := -1.0
		for _, c := range r.cos[qi] {
			b = max(b, c)
		}
		return b
	})
	add("cos_of_bm1", func(qi int) float64 {
		if len(r.cos[qi]) == 0 {
			return 0
		}
		return r.cos[qi][0]
	})
	add("ncand", func(qi int) float64 { return float64(len(r.bm[qi])) })
	if labAdaptive {
		r.adaptive(ds, report, blendAt, feats)
	}
	// Vectors alone (full scan).
	vecRuns := make([][]hit, n)
	for qi := range vecRuns {
		run := make([]hit, len(r.dv))
		for d, v := range r.dv {
			run[d] = hit{d, float64(vek32.Dot(r.qv[qi], v))}
		}
		sortHits(run)
		vecRuns[qi] = run[:1000]
	}
	report("vector", vecRuns)
	if labFails {
		for qi, q := range ds.queries {
			run := blendAt(qi, 0.4)
			if ndcg(ds, q, run, 10) > 0 {
				continue
			}
			fmt.Printf("\nQ %s\n  top1: %s\n", q.text, ds.titles[run[0].Doc])
			for id := range q.rel {
				rank := -1
				for k, h := range run {
					if ds.docIDs[h.Doc] == id {
						rank = k
					}
				}
				for d := range ds.docIDs {
					if ds.docIDs[d] == id {
						fmt.Printf("  rel (rank %d): %s | %.200s\n", rank, ds.titles[d], ds.texts[d])
					}
				}
			}
		}
		return nil
	}
	if labTerms {
		r.termWeightLab(ds, m, ix, report, func(qi int) func(float64) float64 { return nz[qi].cos })
		return nil
	}
	if labSmooth {
		r.smoothLab(ds, report, func(qi int) (func(float64) float64, func(float64) float64) { return nz[qi].bm, nz[qi].cos })
		return nil
	}
	blendWith := func(qv, dv [][]float32, w float64) [][]hit {
		runs := make([][]hit, n)
		for qi := range runs {
			cs := make([]float64, len(r.bm[qi]))
			for k, h := range r.bm[qi] {
				cs[k] = float64(vek32.Dot(qv[qi], dv[h.Doc]))
			}
			nc := minmaxOf(cs)
			out := make([]hit, len(r.bm[qi]))
			for k, h := range r.bm[qi] {
				out[k] = hit{h.Doc, (1-w)*nz[qi].bm(h.Score) + w*nc(cs[k])}
			}
			sortHits(out)
			runs[qi] = out
		}
		return runs
	}
	if labCentroid {
		r.centroidLab(ds, m, texts, report, blendWith)
		return nil
	}
	r.weightLab(ds, m, texts, report, blendWith)
	if !labExpand {
		return nil
	}
	r.expansionLab(ds, m, ix, report, func(qi int, extra map[int]float64, beta, w float64) []hit {
		lex := make([]float64, len(r.bm[qi]))
		for k, h := range r.bm[qi] {
			lex[k] = h.Score + beta*extra[h.Doc]
		}
		nl := minmaxOf(lex)
		out := make([]hit, len(r.bm[qi]))
		for k, h := range r.bm[qi] {
			out[k] = hit{h.Doc, (1-w)*nl(lex[k]) + w*nz[qi].cos(r.cos[qi][k])}
		}
		sortHits(out)
		return out
	})
	return nil
}

// adaptive studies query-adaptive blend weights: the best weight per query
// (an oracle), and weights that follow one query feature.
func (r *labRuns) adaptive(ds *dataset, report func(string, [][]hit), blendAt func(qi int, w float64) []hit, feats map[string][]float64) {
	n := len(ds.queries)
	ws := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}
	nd := make([][]float64, n)
	var oracle float64
	bestW := make([]float64, n)
	for qi, q := range ds.queries {
		nd[qi] = make([]float64, len(ws))
		b := -1.0
		for wi, w := range ws {
			nd[qi][wi] = ndcg(ds, q, blendAt(qi, w), 10)
			if nd[qi][wi] > b+1e-12 || (nd[qi][wi] > b-1e-12 && math.Abs(w-0.4) < math.Abs(bestW[qi]-0.4)) {
				b, bestW[qi] = nd[qi][wi], w
			}
		}
		oracle += b
	}
	fmt.Printf("%-28s nDCG@10 %.4f\n", "oracle weight per query", oracle/float64(n))
	for name, f := range feats {
		// Quartiles of the feature, and the mean nDCG per weight in each.
		sorted := append([]float64(nil), f...)
		sortFloats(sorted)
		cuts := []float64{sorted[n/4], sorted[n/2], sorted[3*n/4]}
		fmt.Printf("feature %s quartile cuts %.3g %.3g %.3g\n", name, cuts[0], cuts[1], cuts[2])
		for b := 0; b < 4; b++ {
			sum := make([]float64, len(ws))
			cnt := 0
			for qi := range f {
				bin := 0
				for _, c := range cuts {
					if f[qi] > c {
						bin++
					}
				}
				if bin != b {
					continue
				}
				cnt++
				for wi := range ws {
					sum[wi] += nd[qi][wi]
				}
			}
			var line strings.Builder
			bi := 0
			for wi := range ws {
				if sum[wi] > sum[bi] {
					bi = wi
				}
				fmt.Fprintf(&line, " %.3f", sum[wi]/float64(max(cnt, 1)))
			}
			fmt.Printf("  q%d n=%d best w=%.1f:%s\n", b+1, cnt, ws[bi], line.String())
		}
	}
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

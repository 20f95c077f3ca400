// Command semantic measures Paperwire's semantic layer on a BEIR dataset:
// nDCG@10 and Recall@100 of BM25 alone, vectors alone, and their fusion by
// reciprocal rank and by min-max score blend at several weights. Training uses
// only the corpus (never the queries or judgments), exactly as an import would.
//
//	go run ./bench/semantic -data ../shared/data/beir/scifact-train -glove /tmp/glove-full.pwvt
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"log/slog"
	"math"
	"os"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/viterin/vek/vek32"
)

var (
	titleWeight float64
	model2Path  string
	lab         bool
	labAdaptive bool
	labFails    bool
	pseudo      int
	labExpand   bool
	labSmooth   bool
	labTerms    bool
	labCentroid bool
)

func main() {
	dir := flag.String("data", "../shared/data/beir/scifact-train", "BEIR dataset directory")
	split := flag.String("split", "train", "qrels split")
	glove := flag.String("glove", "", "pretrained table to start from ('' = shipped, 'none' = random)")
	label := flag.String("label", "", "experiment label printed with the results")
	var o embed.TrainOptions
	flag.IntVar(&o.Epochs, "epochs", 0, "training epochs")
	flag.IntVar(&o.BatchSize, "batch", 0, "batch size")
	flag.IntVar(&o.ICTPerDoc, "ict", 0, "inverse-cloze pairs per doc per epoch")
	flag.IntVar(&o.Dim, "dim", 0, "vector size")
	flag.IntVar(&o.MinDF, "mindf", 0, "minimum document frequency")
	lr := flag.Float64("lr", 0, "learning rate")
	drop := flag.Float64("drop", 0, "document-side word dropout (0: default, negative: none)")
	temp := flag.Float64("temp", 0, "temperature")
	keep := flag.Float64("keep", 0, "inverse-cloze keep-sentence probability")
	rareScale := flag.Float64("rarescale", 0, "length of rare words' vectors, relative to the least frequent trained ones")
	flag.Uint64Var(&o.Seed, "seed", 1, "seed")
	verbose := flag.Bool("v", false, "log training progress")
	flag.Float64Var(&titleWeight, "title", 0, "embed title and abstract apart and add the title's vector times this")
	flag.StringVar(&model2Path, "model2", "", "a second saved model whose cosine is averaged with the first's (ensemble)")
	flag.BoolVar(&lab, "lab", false, "fusion lab: the product's BM25F plus span-level signals (needs -model)")
	flag.BoolVar(&labAdaptive, "adaptive", false, "with -lab: study query-adaptive blend weights")
	flag.BoolVar(&labFails, "fails", false, "with -lab: print the claims the blend misses")
	flag.IntVar(&pseudo, "pseudo", 0, "print the blend weight N pseudo-queries from the corpus would pick (needs -model)")
	flag.BoolVar(&labExpand, "expand", false, "with -lab: try embedding-based query expansion")
	flag.BoolVar(&labSmooth, "smooth", false, "with -lab: try score propagation over vector neighbours")
	flag.BoolVar(&labTerms, "terms", false, "with -lab: weight query terms by their vectors' closeness to the query")
	flag.BoolVar(&labCentroid, "centroid", false, "with -lab: mix word vectors with their documents' direction")
	modelPath := flag.String("model", "", "load this model instead of training (trains and saves it when missing)")
	flag.Parse()
	o.DocDropout, o.RareScale = float32(*drop), float32(*rareScale)
	o.LearningRate, o.Temperature, o.KeepSentence = float32(*lr), float32(*temp), float32(*keep)
	if *verbose {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if err := run(context.Background(), *dir, *split, *glove, *label, *modelPath, o); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dir, split, glove, label, modelPath string, o embed.TrainOptions) error {
	ds, err := loadBEIR(dir, split)
	if err != nil {
		return err
	}
	bm, err := cachedBM25(ctx, ds, 1000)
	if err != nil {
		return err
	}
	switch glove {
	case "none":
	case "":
		if o.Init, err = embed.Pretrained(); err != nil {
			return err
		}
	default:
		data, err := os.ReadFile(glove)
		if err != nil {
			return err
		}
		if o.Init, err = embed.ReadTable(data); err != nil {
			return err
		}
	}
	docs := make([]embed.Doc, len(ds.docIDs))
	texts := make([]string, len(ds.docIDs))
	for i := range docs {
		docs[i] = embed.Doc{Title: ds.titles[i], Text: ds.texts[i]}
		texts[i] = ds.titles[i] + "\n" + ds.texts[i]
	}
	start := time.Now()
	var m *embed.Model
	if modelPath != "" {
		if m, err = embed.LoadModel(modelPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if m == nil {
		if m, err = embed.Train(ctx, docs, o); err != nil {
			return err
		}
		if modelPath != "" {
			if err := m.Save(modelPath); err != nil {
				return err
			}
		}
	}
	trainTime := time.Since(start)
	if pseudo > 0 {
		if err := pseudoFit(ctx, ds, m, pseudo, o.Seed); err != nil {
			return err
		}
	}
	if lab {
		return runLab(ctx, ds, m)
	}
	dv, err := m.Embed(ctx, texts)
	if err != nil {
		return err
	}
	if titleWeight > 0 {
		tv, err := m.Embed(ctx, ds.titles)
		if err != nil {
			return err
		}
		av, err := m.Embed(ctx, ds.texts)
		if err != nil {
			return err
		}
		for i := range dv {
			v := vek32.Add(vek32.MulNumber(tv[i], float32(titleWeight)), av[i])
			if n := vek32.Norm(v); n > 0 {
				vek32.DivNumber_Inplace(v, n)
			}
			dv[i] = v
		}
	}
	qtexts := make([]string, len(ds.queries))
	for i, q := range ds.queries {
		qtexts[i] = q.text
	}
	qv, err := m.Embed(ctx, qtexts)
	if err != nil {
		return err
	}
	if model2Path != "" {
		m2, err := embed.LoadModel(model2Path)
		if err != nil {
			return err
		}
		dv2, _ := m2.Embed(ctx, texts)
		qv2, _ := m2.Embed(ctx, qtexts)
		join := func(a, b [][]float32) {
			for i := range a {
				a[i] = vek32.MulNumber(append(append([]float32(nil), a[i]...), b[i]...), float32(1/math.Sqrt2))
			}
		}
		join(dv, dv2)
		join(qv, qv2)
	}
	vec := rankAll(qv, dv, 1000)
	fmt.Printf("# %s  train=%s vocab=%d\n", label, trainTime.Round(time.Millisecond), m.VocabSize())
	report := func(name string, runs [][]hit) {
		nd, rc := score(ds, runs)
		fmt.Printf("%-16s nDCG@10 %.4f  R@100 %.4f\n", name, nd, rc)
	}
	report("bm25", bm)
	report("vector", vec)
	var oracle float64
	var vecWins int
	for i, q := range ds.queries {
		a, b := ndcg(ds, q, bm[i], 10), ndcg(ds, q, vec[i], 10)
		oracle += max(a, b)
		if b > a {
			vecWins++
		}
	}
	fmt.Printf("%-16s nDCG@10 %.4f  (vector better on %d of %d queries)\n", "oracle max", oracle/float64(len(ds.queries)), vecWins, len(ds.queries))
	fuse := func(name string, f func(a, b []hit) []hit) {
		runs := make([][]hit, len(ds.queries))
		for i := range runs {
			runs[i] = f(bm[i], vec[i])
		}
		report(name, runs)
	}
	for _, w := range []float64{0.1, 0.2, 0.3, 0.4, 0.5} {
		fuse(fmt.Sprintf("blend w=%.1f", w), func(a, b []hit) []hit { return blend(a, b, w) })
	}
	// Re-ranking only BM25's candidates: no full vector scan at query time.
	for _, depth := range []int{100, 1000} {
		for _, w := range []float64{0.3, 0.4, 0.5, 0.6, 0.7} {
			runs := make([][]hit, len(ds.queries))
			for i := range runs {
				cand := bm[i][:min(depth, len(bm[i]))]
				vs := make([]hit, len(cand))
				for k, h := range cand {
					vs[k] = hit{h.Doc, float64(vek32.Dot(qv[i], dv[h.Doc]))}
				}
				runs[i] = blend(cand, vs, w)
			}
			report(fmt.Sprintf("rerank%d w=%.1f", depth, w), runs)
		}
	}
	// BM25 divided by its best score, cosine as is, over BM25's top 1000.
	for _, w := range []float64{0.3, 0.5, 0.7, 1.0} {
		runs := make([][]hit, len(ds.queries))
		for i := range runs {
			cand := bm[i][:min(1000, len(bm[i]))]
			out := make([]hit, len(cand))
			for k, h := range cand {
				out[k] = hit{h.Doc, h.Score/cand[0].Score + w*float64(vek32.Dot(qv[i], dv[h.Doc]))}
			}
			sortHits(out)
			runs[i] = out
		}
		report(fmt.Sprintf("maxnorm+cos*%.1f", w), runs)
	}
	// BM25 divided by the query's total idf (how much lexical evidence a
	// perfect match would have), so weak lexical matches leave more room to
	// the vectors than normalising by the top score does.
	df := map[string]int{}
	for i := range texts {
		seen := map[string]bool{}
		for _, t := range embed.Tokenize(texts[i]) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	n := float64(len(texts))
	for _, c := range []float64{0.2, 0.3, 0.4, 0.5, 0.7} {
		runs := make([][]hit, len(ds.queries))
		for i, q := range ds.queries {
			var sum float64
			seen := map[string]bool{}
			for _, t := range embed.Tokenize(q.text) {
				if !seen[t] {
					seen[t] = true
					d := float64(df[t])
					sum += math.Log(1 + (n-d+0.5)/(d+0.5))
				}
			}
			cand := bm[i][:min(1000, len(bm[i]))]
			out := make([]hit, len(cand))
			for k, h := range cand {
				out[k] = hit{h.Doc, h.Score/max(sum, 1e-9) + c*float64(vek32.Dot(qv[i], dv[h.Doc]))}
			}
			sortHits(out)
			runs[i] = out
		}
		report(fmt.Sprintf("idfnorm+cos*%.1f", c), runs)
	}
	for _, w := range []float64{0.2, 0.3, 0.4} {
		fuse(fmt.Sprintf("zblend w=%.1f", w), func(a, b []hit) []hit { return zblend(a, b, w) })
	}
	for _, w := range []float64{0.3, 0.5} {
		fuse(fmt.Sprintf("rrf60 w=%.1f", w), func(a, b []hit) []hit { return rrf(a, b, 60, w) })
	}
	// Vector pseudo-relevance feedback: move the query vector toward the
	// vectors of BM25's top documents, then blend as above.
	for _, fb := range []struct {
		k    int
		beta float32
	}{{3, 0.5}, {3, 1}, {5, 1}, {10, 1}} {
		prf := make([][]hit, len(ds.queries))
		for i := range ds.queries {
			q := append([]float32(nil), qv[i]...)
			for _, h := range bm[i][:min(fb.k, len(bm[i]))] {
				vek32.Add_Inplace(q, vek32.MulNumber(dv[h.Doc], fb.beta/float32(fb.k)))
			}
			run := make([]hit, len(dv))
			for d, v := range dv {
				run[d] = hit{d, float64(vek32.Dot(q, v))}
			}
			sortHits(run)
			prf[i] = run[:1000]
		}
		report(fmt.Sprintf("prf%d/%.1f vector", fb.k, fb.beta), prf)
		for _, w := range []float64{0.2, 0.3, 0.4, 0.5} {
			runs := make([][]hit, len(ds.queries))
			for i := range runs {
				runs[i] = blend(bm[i], prf[i], w)
			}
			report(fmt.Sprintf("prf%d/%.1f blend %.1f", fb.k, fb.beta, w), runs)
		}
	}
	return nil
}

// rankAll ranks every document vector by its dot product with each query
// vector and keeps the top k of each.
func rankAll(qv, dv [][]float32, k int) [][]hit {
	out := make([][]hit, len(qv))
	for i, q := range qv {
		run := make([]hit, len(dv))
		for d, v := range dv {
			run[d] = hit{d, float64(vek32.Dot(q, v))}
		}
		sortHits(run)
		out[i] = run[:min(k, len(run))]
	}
	return out
}

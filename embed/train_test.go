package embed

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/viterin/vek/vek32"
)

// loadSample reads the real arXiv titles and abstracts in testdata.
func loadSample(t testing.TB) []Doc {
	t.Helper()
	f, err := os.Open("testdata/arxiv-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p struct{ Title, Summary string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{Title: p.Title, Text: p.Summary})
	}
	return docs
}

func quickOptions() TrainOptions {
	return TrainOptions{Dim: 32, Epochs: 3, BatchSize: 64, Seed: 7, Workers: 2}
}

func TestTrainDeterministic(t *testing.T) {
	docs := loadSample(t)[:120]
	ctx := context.Background()
	a, err := Train(ctx, docs, quickOptions())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(ctx, docs, quickOptions())
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != b.Name() {
		t.Fatalf("same seed, different models: %s vs %s", a.Name(), b.Name())
	}
	va, _ := a.Embed(ctx, []string{docs[0].Title})
	vb, _ := b.Embed(ctx, []string{docs[0].Title})
	if !slices.Equal(va[0], vb[0]) {
		t.Fatal("same seed, different vectors")
	}
	// The result does not depend on how many goroutines train.
	one := quickOptions()
	one.Workers = 1
	if w1, err := Train(ctx, docs, one); err != nil || w1.Name() != a.Name() {
		t.Fatalf("1 worker gave %v (%v), 2 workers %s", w1, err, a.Name())
	}
	o := quickOptions()
	o.Seed = 8
	c, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name() == a.Name() {
		t.Fatal("different seed gave the same model")
	}
}

// titleTop1 is the share of docs whose title's nearest abstract is their own.
func titleTop1(t *testing.T, m *Model, docs []Doc) (top1, meanRank float64) {
	t.Helper()
	ctx := context.Background()
	titles, abstracts := make([]string, len(docs)), make([]string, len(docs))
	for i, d := range docs {
		titles[i], abstracts[i] = d.Title, d.Text
	}
	tv, _ := m.Embed(ctx, titles)
	av, _ := m.Embed(ctx, abstracts)
	var hits int
	var rankSum float64
	for i := range docs {
		own := vek32.Dot(tv[i], av[i])
		rank := 0
		for j := range docs {
			if j != i && vek32.Dot(tv[i], av[j]) > own {
				rank++
			}
		}
		if rank == 0 {
			hits++
		}
		rankSum += float64(rank)
	}
	return float64(hits) / float64(len(docs)), rankSum / float64(len(docs))
}

// TestTrainedTitleFindsItsAbstract checks the training objective on real
// papers: a title's vector must rank its own abstract far above chance.
func TestTrainedTitleFindsItsAbstract(t *testing.T) {
	docs := loadSample(t)
	o := quickOptions()
	o.Epochs = 6
	m, err := Train(context.Background(), docs, o)
	if err != nil {
		t.Fatal(err)
	}
	top1, meanRank := titleTop1(t, m, docs)
	n := float64(len(docs))
	t.Logf("title→own abstract: top-1 %.0f%%, mean rank %.1f of %d", 100*top1, meanRank, len(docs))
	// Chance: top-1 1/n, mean rank (n-1)/2.
	if top1 < 0.5 || meanRank > (n-1)/20 {
		t.Fatalf("title finds its abstract at top-1 %.2f, mean rank %.1f: not far above chance", top1, meanRank)
	}
}

// TestTrainVariants runs each optional training technique on real papers:
// each must still learn the objective.
func TestTrainVariants(t *testing.T) {
	docs := loadSample(t)[:150]
	for name, set := range map[string]func(*TrainOptions){
		"doc dropout": func(o *TrainOptions) { o.DocDropout = 0.5 },
		"min df 2":    func(o *TrainOptions) { o.MinDF = 2 },
	} {
		o := quickOptions()
		o.Epochs = 4
		set(&o)
		m, err := Train(context.Background(), docs, o)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if top1, _ := titleTop1(t, m, docs); top1 < 0.5 {
			t.Errorf("%s: title top-1 %.2f", name, top1)
		}
	}
}

func TestTrainNeedsDocuments(t *testing.T) {
	if _, err := Train(context.Background(), []Doc{{Title: "only one"}}, quickOptions()); err == nil {
		t.Fatal("training on one document succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, loadSample(t)[:50], quickOptions()); err == nil {
		t.Fatal("training ignored a cancelled context")
	}
}

func TestModelSaveLoad(t *testing.T) {
	docs := loadSample(t)[:80]
	ctx := context.Background()
	var epochs []int
	o := quickOptions()
	o.Progress = func(p TrainProgress) { epochs = append(epochs, p.Epoch) }
	m, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(epochs, []int{1, 2, 3}) {
		t.Fatalf("progress epochs %v", epochs)
	}
	path := filepath.Join(t.TempDir(), "model.pwem")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if !back.table.Compact() || back.table.VectorBytes() != back.VocabSize()*(4+32) {
		t.Fatalf("a loaded model keeps %d bytes of rows, want %d (int8 rows with a scale each)", back.table.VectorBytes(), back.VocabSize()*(4+32))
	}
	if back.Name() != m.Name() || back.Dim() != 32 || back.VocabSize() != m.VocabSize() || back.Docs() != 80 {
		t.Fatalf("loaded %s dim %d vocab %d docs %d; saved %s vocab %d", back.Name(), back.Dim(), back.VocabSize(), back.Docs(), m.Name(), m.VocabSize())
	}
	texts := []string{docs[3].Title, "", "zzzz unknownword"}
	a, _ := m.Embed(ctx, texts)
	b, _ := back.Embed(ctx, texts)
	for i := range texts {
		if !slices.Equal(a[i], b[i]) {
			t.Fatalf("text %d: vectors differ after save/load", i)
		}
	}
	if n := vek32.Dot(a[1], a[1]); n != 0 {
		t.Fatalf("empty text has norm² %v, want a zero vector", n)
	}
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0x40
	if _, err := ParseModel(data); err == nil {
		t.Fatal("a damaged model file loaded")
	}
}

// TestKernelsMatchPlainLoops: the AVX2 kernels compute what the plain loops
// do, up to the rounding of a fused multiply-add and a float32 square root,
// on every length (the lanes and the tail).
func TestKernelsMatchPlainLoops(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 and FMA on this machine")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	near := func(got, want float32) bool {
		return math.Abs(float64(got-want)) <= 1e-5*max(1, math.Abs(float64(want)))
	}
	for _, n := range []int{1, 7, 8, 33, 300} {
		x, y, acc := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			x[i], y[i], acc[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64()*1e3), float32(rng.Float64())
		}
		a := float32(rng.NormFloat64())
		want := slices.Clone(y)
		for i := range want {
			want[i] += a * x[i]
		}
		axpy(y, x, a)
		for i := range n {
			if !near(y[i], want[i]) {
				t.Fatalf("axpy n=%d [%d]: %v, want %v", n, i, y[i], want[i])
			}
		}
		r := make([]byte, n)
		for i := range r {
			r[i] = byte(rng.IntN(256))
		}
		scale := float32(rng.Float64()) / 127
		want8 := slices.Clone(y)
		for i := range want8 {
			want8[i] += a * (float32(int8(r[i])) * scale)
		}
		got8 := slices.Clone(y)
		axpyInt8(got8, r, a, scale)
		for i := range n {
			if !near(got8[i], want8[i]) {
				t.Fatalf("axpyInt8 n=%d [%d]: %v, want %v", n, i, got8[i], want8[i])
			}
		}
		wantV, wantAcc := slices.Clone(y), slices.Clone(acc)
		for k, g := range x {
			wantAcc[k] += g * g
			wantV[k] -= 0.05 * g / float32(math.Sqrt(float64(wantAcc[k]+adagradEps)))
		}
		adagrad(y, acc, x, 0.05)
		for i := range n {
			if !near(acc[i], wantAcc[i]) || !near(y[i], wantV[i]) {
				t.Fatalf("adagrad n=%d [%d]: v %v acc %v, want %v %v", n, i, y[i], acc[i], wantV[i], wantAcc[i])
			}
		}
	}
}

func BenchmarkAxpy(b *testing.B) {
	x, y := make([]float32, 300), make([]float32, 300)
	for b.Loop() {
		axpy(y, x, 0.5)
	}
}

func BenchmarkAdagrad(b *testing.B) {
	v, acc, g := make([]float32, 300), make([]float32, 300), make([]float32, 300)
	for i := range g {
		g[i] = 0.01
	}
	for b.Loop() {
		adagrad(v, acc, g, 0.05)
	}
}

// TestMatMul: the blocked product equals a plain triple loop (up to fused
// rounding) on shapes with and without leftover rows and columns, and does
// not depend on the number of workers.
func TestMatMul(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sh := range [][3]int{{256, 300, 256}, {256, 256, 300}, {7, 5, 19}, {4, 16, 16}, {8, 9, 20}, {3, 2, 1}, {9, 0, 17}, {1, 33, 40}} {
		m, k, n := sh[0], sh[1], sh[2]
		a, b := make([]float32, m*k), make([]float32, k*n)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range b {
			b[i] = float32(rng.NormFloat64())
		}
		want := make([]float64, m*n)
		for i := range m {
			for p := range k {
				for j := range n {
					want[i*n+j] += float64(a[i*k+p]) * float64(b[p*n+j])
				}
			}
		}
		var first []float32
		for _, workers := range []int{1, 2, 3} {
			tr := &trainer{opts: TrainOptions{Workers: workers}}
			c := make([]float32, m*n)
			for i := range c {
				c[i] = 99 // overwritten, not added to
			}
			matMul(c, a, b, m, k, n, tr.parallel, workers)
			for i := range c {
				if math.Abs(float64(c[i])-want[i]) > 1e-4*max(1, math.Abs(want[i])) {
					t.Fatalf("%v workers %d: c[%d] = %v, want %v", sh, workers, i, c[i], want[i])
				}
			}
			if first == nil {
				first = c
			} else if !slices.Equal(first, c) {
				t.Fatalf("%v: %d workers give other bits than 1", sh, workers)
			}
		}
	}
}

// BenchmarkMatMul times a training step's products on one core: the
// similarities (256×300 by 300×256) and a gradient (256×256 by 256×300,
// whose 300 columns are not a multiple of the kernel's 16).
func BenchmarkMatMul(b *testing.B) {
	tr := &trainer{opts: TrainOptions{Workers: 1}}
	for _, sh := range [][3]int{{256, 300, 256}, {256, 256, 300}} {
		m, k, n := sh[0], sh[1], sh[2]
		x, y, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		b.Run(fmt.Sprintf("blocked-%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				matMul(c, x, y, m, k, n, tr.parallel, 1)
			}
		})
		b.Run(fmt.Sprintf("vek-%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				vek32.MatMul_Into(c, x, y, k)
			}
		})
	}
}

// TestStepReusesItsBuffers: after the first step, a training step allocates
// next to nothing (goroutines and their closures): its matrices are kept
// from step to step. Before, each step of 64 pairs allocated hundreds of
// kilobytes that the collector, at training's low target, spent a tenth of
// training's CPU on.
func TestStepReusesItsBuffers(t *testing.T) {
	o := quickOptions()
	o.defaults()
	c := newCorpus(loadSample(t)[:120], o.MinDF)
	rng := rand.New(rand.NewPCG(1, 2))
	p := initParams(c.vocab.words, len(c.rare), o.Dim, nil, rng)
	tr := newTrainer(p, c.vocab.idf, o)
	specs := c.specs(rng, o.ICTPerDoc)
	batch := c.pairs(specs[:o.BatchSize], rng, o.KeepSentence, o.DocDropout)
	tr.step(batch) // sizes the buffers
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const steps = 20
	for range steps {
		tr.step(batch)
	}
	runtime.ReadMemStats(&after)
	perStep := (after.TotalAlloc - before.TotalAlloc) / steps
	t.Logf("%d bytes per step", perStep)
	if perStep > 8<<10 {
		t.Errorf("a step allocates %d bytes, want under 8 KiB", perStep)
	}
}

// BenchmarkStep is one training step at the default batch (256 pairs) and
// dimension (300), on both cores: the parts of a step that run on one core
// leave the other idle.
func BenchmarkStep(b *testing.B) {
	o := TrainOptions{Seed: 1}
	o.defaults()
	c := newCorpus(loadSample(b), o.MinDF)
	rng := rand.New(rand.NewPCG(1, 2))
	p := initParams(c.vocab.words, len(c.rare), o.Dim, nil, rng)
	tr := newTrainer(p, c.vocab.idf, o)
	specs := c.specs(rng, o.ICTPerDoc)
	batch := c.pairs(specs[:min(o.BatchSize, len(specs))], rng, o.KeepSentence, o.DocDropout)
	tr.step(batch)
	for b.Loop() {
		tr.step(batch)
	}
}

// TestTranspose: the blocked transpose equals the element by element one on
// shapes with and without a last partial block, split over workers.
func TestTranspose(t *testing.T) {
	for _, sh := range [][2]int{{256, 300}, {17, 5}, {1, 1}, {33, 16}} {
		rows, cols := sh[0], sh[1]
		src := make([]float32, rows*cols)
		for i := range src {
			src[i] = float32(i)
		}
		for _, workers := range []int{1, 2, 3} {
			dst := make([]float32, rows*cols)
			for w := range workers {
				lo, hi := span(rows, w, workers)
				transpose(dst, src, lo, hi, rows, cols)
			}
			for r := range rows {
				for k := range cols {
					if dst[k*rows+r] != src[r*cols+k] {
						t.Fatalf("%v, %d workers: [%d][%d] = %v, want %v", sh, workers, k, r, dst[k*rows+r], src[r*cols+k])
					}
				}
			}
		}
	}
}

// TestExpMatchesMath: the vector exponential is within two units in the last
// place of math.Exp over training's range of arguments (-2/τ to 0) and the
// rest of its domain, lanes and tail alike.
func TestExpMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var xs []float64
	for range 4099 {
		xs = append(xs, -20*rng.Float64())
	}
	for range 1000 {
		xs = append(xs, 1400*rng.Float64()-700)
	}
	xs = append(xs, 0, -0.5*math.Ln2, 0.5*math.Ln2, -700, 700, -1e-300, 1e-17)
	got := slices.Clone(xs)
	expInPlace(got)
	for i, x := range xs {
		want := math.Exp(x)
		if d := math.Abs(got[i]-want) / want; d > 4.5e-16 {
			t.Fatalf("exp(%v) = %v, want %v (relative error %.2g)", x, got[i], want, d)
		}
	}
	// Beyond the domain the vector lanes clamp (math.Exp, for a tail, does not).
	clamped := []float64{-800, 800, 0, 0}
	expInPlace(clamped)
	if useAVX2 && (clamped[0] != math.Exp(-700) || clamped[1] != math.Exp(700)) {
		t.Errorf("exp(-800), exp(800) = %v, want exp(-700), exp(700)", clamped[:2])
	}
}

func BenchmarkExp(b *testing.B) {
	x := make([]float64, 256)
	for i := range x {
		x[i] = -20 * float64(i) / 256
	}
	buf := make([]float64, len(x))
	b.Run("vector", func(b *testing.B) {
		for b.Loop() {
			copy(buf, x)
			expInPlace(buf)
		}
	})
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, v := range x {
				buf[i] = math.Exp(v)
			}
		}
	})
}

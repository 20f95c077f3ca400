package embed

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkTrain trains one epoch on the 200 real abstracts in testdata.
func BenchmarkTrain(b *testing.B) {
	docs := loadSample(b)
	o := TrainOptions{Epochs: 1, Seed: 1}
	for b.Loop() {
		if _, err := Train(context.Background(), docs, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmbed embeds one abstract-sized text with a trained model.
func BenchmarkEmbed(b *testing.B) {
	docs := loadSample(b)
	m, err := Train(context.Background(), docs, TrainOptions{Epochs: 1, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{docs[0].Title + "\n" + docs[0].Text}
	for b.Loop() {
		m.Embed(context.Background(), texts)
	}
}

// BenchmarkTrainStep times one training step at the crawl's scale: 256 pairs
// over a vocabulary of 48,000 words of 300 components (58 MB of vectors and
// as much of Adagrad state, so rows come from memory, not the cache), queries
// of 20 words and documents of 45, drawn with a Zipf-like skew.
// BenchmarkStep's 200 abstracts have a vocabulary that fits in the cache,
// which hides what a step waits on here.
func BenchmarkTrainStep(b *testing.B) {
	const words, dim, n = 48_000, 300, 256
	o := TrainOptions{Dim: dim, Workers: 2}
	o.defaults()
	rng := rand.New(rand.NewPCG(1, 2))
	names := make([]string, words)
	idf := make([]float32, words)
	for i := range idf {
		idf[i] = 1
	}
	p := initParams(names, 0, dim, nil, rng)
	zipf := rand.NewZipf(rng, 1.1, 10, words-1)
	randBag := func(size int) bag {
		seen := map[int32]bool{}
		var b bag
		for len(b.ids) < size {
			id := int32(zipf.Uint64())
			if !seen[id] {
				seen[id] = true
				b.ids = append(b.ids, id)
				b.coef = append(b.coef, 0.1+rng.Float32())
			}
		}
		return b
	}
	batch := make([]pair, n)
	for i := range batch {
		batch[i] = pair{doc: i, q: randBag(20), d: randBag(45)}
	}
	tr := newTrainer(p, idf, o)
	for range 50 { // every row's pages touched, the step's buffers sized
		tr.step(batch)
	}
	for b.Loop() {
		tr.step(batch)
	}
}

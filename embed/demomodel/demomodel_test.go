package demomodel

import (
	"context"
	"testing"

	"github.com/paperwire/paperwire/demo"
	"github.com/viterin/vek/vek32"
)

// TestModelFitsDemoCorpus checks the shipped model was trained on the shipped
// corpus: same paper count, and each title finds its own abstract.
func TestModelFitsDemoCorpus(t *testing.T) {
	m, err := Model()
	if err != nil {
		t.Fatal(err)
	}
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	if m.Docs() != len(papers) {
		t.Fatalf("model trained on %d papers, demo corpus has %d: run go generate ./embed/demomodel", m.Docs(), len(papers))
	}
	sample := papers[:200]
	titles, abstracts := make([]string, len(sample)), make([]string, len(sample))
	for i, p := range sample {
		titles[i], abstracts[i] = p.Title, p.Abstract
	}
	ctx := context.Background()
	tv, _ := m.Embed(ctx, titles)
	av, _ := m.Embed(ctx, abstracts)
	top1 := 0
	for i := range sample {
		best, bi := float32(-2), -1
		for j := range sample {
			if s := vek32.Dot(tv[i], av[j]); s > best {
				best, bi = s, j
			}
		}
		if bi == i {
			top1++
		}
	}
	if top1 < len(sample)*8/10 {
		t.Fatalf("titles find their own abstract %d/%d times among %d", top1, len(sample), len(sample))
	}
}

// BenchmarkEmbedDemoCorpus embeds every paper of the demo corpus with the
// shipped model on one goroutine: what an import pays per paper for its
// vector.
func BenchmarkEmbedDemoCorpus(b *testing.B) {
	m, err := Model()
	if err != nil {
		b.Fatal(err)
	}
	papers, err := demo.Papers()
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]string, len(papers))
	for i, p := range papers {
		texts[i] = p.Title + "\n" + p.Abstract
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := m.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "papers/s")
}

package embed

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/viterin/vek/vek32"
)

func TestPretrainedVectorsAreSensible(t *testing.T) {
	p, err := Pretrained()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Words) != 100000 || p.Dim != 100 {
		t.Fatalf("%d words × %d", len(p.Words), p.Dim)
	}
	cos := func(a, b string) float32 {
		i, j := p.Lookup(a), p.Lookup(b)
		if i < 0 || j < 0 {
			t.Fatalf("%q or %q missing", a, b)
		}
		x, y := append([]float32(nil), p.Row(i)...), append([]float32(nil), p.Row(j)...)
		normalize(x)
		normalize(y)
		return vek32.Dot(x, y)
	}
	if a, b := cos("protein", "molecule"), cos("protein", "football"); a < 0.5 || a < b+0.3 {
		t.Fatalf("protein~molecule %.2f, protein~football %.2f", a, b)
	}
}

func TestRetrainPolicy(t *testing.T) {
	var p RetrainPolicy
	small := &Model{meta: modelMeta{Docs: 1000}}
	for _, c := range []struct {
		current *Model
		docs    int
		want    bool
	}{
		{nil, 50, false},     // too few papers to learn from
		{nil, 500, true},     // no model yet
		{small, 1200, false}, // a daily harvest
		{small, 2000, true},  // a large import
		{&Model{meta: modelMeta{Docs: 70000}}, 72000, false}, // 3% growth
	} {
		if got := p.ShouldRetrain(c.current, c.docs); got != c.want {
			t.Errorf("ShouldRetrain(%v docs, %d) = %v, want %v", c.current != nil, c.docs, got, c.want)
		}
	}
}

func TestRetrainAfterImport(t *testing.T) {
	var p RetrainPolicy
	for _, c := range []struct {
		docs, added int
		want        bool
	}{
		{500, 500, true},     // a first import into an empty database
		{6670, 36, false},    // a small import into a database others filled, no model here
		{80000, 74000, true}, // a bulk import on top of the demo corpus
		{80000, 5000, false}, // 7% of the corpus
		{1500, 1500, true},   // everything new
		{100, 100, false},    // too few to learn from
	} {
		if got := p.ShouldRetrainAfter(nil, c.docs, c.added); got != c.want {
			t.Errorf("ShouldRetrainAfter(no model, %d docs, %d added) = %v, want %v", c.docs, c.added, got, c.want)
		}
	}
	if !p.ShouldRetrainAfter(&Model{meta: modelMeta{Docs: 1000}}, 2000, 10) {
		t.Error("with a model, the corpus's growth decides, not the last import")
	}
}

func TestTrainFromCorpus(t *testing.T) {
	docs := loadSample(t)[:100]
	path := filepath.Join(t.TempDir(), "models", "corpus.pwem")
	o := quickOptions()
	o.Dim = 100 // the shipped start vectors are 100-dimensional
	o.Epochs = 1
	m, err := TrainFromCorpus(context.Background(), docs, path, o)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadModel(path)
	if err != nil || back.Name() != m.Name() || back.Docs() != 100 {
		t.Fatalf("reloaded %v: %v", back, err)
	}
}

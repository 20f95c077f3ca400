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

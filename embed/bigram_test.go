package embed

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bigramRows returns the model's rows that are pairs of words.
func bigramRows(m *Model) []string {
	var out []string
	for _, w := range m.table.Words {
		if strings.IndexByte(w, ' ') >= 0 {
			out = append(out, w)
		}
	}
	return out
}

func TestBigramsAreTrainedAndEmbedded(t *testing.T) {
	docs := loadSample(t)[:120]
	ctx := context.Background()
	o := quickOptions()
	o.Bigrams = 200
	m, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	pairs := bigramRows(m)
	if len(pairs) != 200 {
		t.Fatalf("%d bigram rows, want 200", len(pairs))
	}
	// The pair's vector takes part: the two words in the pair's order embed
	// differently from the same words the other way round.
	var fwd, rev string
	for _, p := range pairs {
		a, b, _ := strings.Cut(p, " ")
		if a != b && m.table.Lookup(b+" "+a) < 0 {
			fwd, rev = a+" "+b, b+" "+a
			break
		}
	}
	if fwd == "" {
		t.Fatal("no bigram without its reverse")
	}
	v, _ := m.Embed(ctx, []string{fwd, rev})
	if slices.Equal(v[0], v[1]) {
		t.Fatalf("%q and %q embed the same: the bigram row was not used", fwd, rev)
	}
	// A saved and loaded model embeds with its bigrams too.
	path := filepath.Join(t.TempDir(), "m.pwem")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	l, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := l.Embed(ctx, []string{fwd, rev})
	if !slices.Equal(v[0], w[0]) || !slices.Equal(v[1], w[1]) {
		t.Fatal("the loaded model embeds differently")
	}
	// Without bigrams the model has no pair rows, and word order is lost.
	o.Bigrams = -1
	plain, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bigramRows(plain)); n != 0 {
		t.Fatalf("%d bigram rows without bigrams", n)
	}
	p, _ := plain.Embed(ctx, []string{fwd, rev})
	if !slices.Equal(p[0], p[1]) {
		t.Fatal("a bag of words depends on word order")
	}
}

// BenchmarkEmbedQueryBigrams embeds one title-sized query with and without
// bigram rows: the cost a search pays for them.
func BenchmarkEmbedQueryBigrams(b *testing.B) {
	docs := loadSample(b)
	for _, n := range []int{-1, 2000} {
		m, err := Train(context.Background(), docs, TrainOptions{Epochs: 1, Seed: 1, Bigrams: n})
		if err != nil {
			b.Fatal(err)
		}
		texts := []string{docs[3].Title}
		name := "words"
		if n > 0 {
			name = "bigrams"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m.Embed(context.Background(), texts)
			}
		})
	}
}

func TestFixedBigramsPointAtTheirDocuments(t *testing.T) {
	docs := loadSample(t)[:120]
	ctx := context.Background()
	o := quickOptions()
	o.Bigrams, o.FixedBigrams = 300, true
	m, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	pairs := bigramRows(m)
	if len(pairs) == 0 {
		t.Fatal("no bigram rows")
	}
	var zero int
	row := make([]float32, m.Dim())
	for _, p := range pairs {
		if norm(m.table.RowInto(m.table.Lookup(p), row)) == 0 {
			zero++
		}
	}
	if zero > 0 {
		t.Fatalf("%d of %d embedded bigrams are zero", zero, len(pairs))
	}
}

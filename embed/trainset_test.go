package embed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/viterin/vek/vek32"
)

// TestCorpusBuilder checks the streamed corpus on documents whose vocabulary
// is known: document frequencies, the min-df cut, the order of rows, spans.
func TestCorpusBuilder(t *testing.T) {
	docs := []Doc{
		{Title: "Alpha beta", Text: "Beta gamma. Gamma delta epsilon."},
		{Title: "", Text: "!!! ..."}, // no words: skipped
		{Title: "Gamma", Text: "alpha gamma zeta. Beta."},
		{Title: "Beta rays", Text: ""},
	}
	c := newCorpus(docs, 2)
	// df: beta 3, gamma 2, alpha 2; delta, epsilon, zeta, rays 1 (dropped).
	if want := []string{"beta", "alpha", "gamma"}; !slices.Equal(c.vocab.words, want) {
		t.Fatalf("vocabulary %v, want %v (by df, then alphabetically)", c.vocab.words, want)
	}
	if len(c.docs) != 3 {
		t.Fatalf("%d documents, want 3 (the one without words skipped)", len(c.docs))
	}
	row := func(ws ...string) []int32 {
		out := []int32{}
		for _, w := range ws {
			out = append(out, c.vocab.index[w])
		}
		return out
	}
	d := c.docs[0]
	if !slices.Equal(d.title, row("alpha", "beta")) || len(d.sents) != 2 ||
		!slices.Equal(d.sents[0], row("beta", "gamma")) || !slices.Equal(d.sents[1], row("gamma")) {
		t.Fatalf("first document %v", d)
	}
	if d := c.docs[2]; !slices.Equal(d.title, row("beta")) || len(d.sents) != 0 {
		t.Fatalf("last document %v, want title [beta] and no sentences", d)
	}
	if c.vocab.idf[0] >= c.vocab.idf[1] {
		t.Fatalf("idf of beta (df 3) %v not below alpha's (df 2) %v", c.vocab.idf[0], c.vocab.idf[1])
	}
	// Words under min df are kept aside with their documents.
	var rare []string
	for _, r := range c.rare {
		rare = append(rare, fmt.Sprint(r.word, r.docs))
	}
	if want := []string{"delta[0]", "epsilon[0]", "rays[2]", "zeta[1]"}; !slices.Equal(rare, want) {
		t.Fatalf("rare words %v, want %v", rare, want)
	}
	// min df 1 keeps every word, and the same documents.
	if all := newCorpus(docs, 1); len(all.vocab.words) != 7 || len(all.docs) != 3 {
		t.Fatalf("min df 1: %d words, %d docs", len(all.vocab.words), len(all.docs))
	}
}

// TestTrainSource checks that training from a stream equals training from a
// slice, and that a source's error stops training.
func TestTrainSource(t *testing.T) {
	docs := loadSample(t)[:60]
	ctx := context.Background()
	a, err := Train(ctx, docs, quickOptions())
	if err != nil {
		t.Fatal(err)
	}
	b, err := TrainSource(ctx, DocsSource(docs), quickOptions())
	if err != nil || b.Name() != a.Name() {
		t.Fatalf("TrainSource gave %v (%v), Train %s", b, err, a.Name())
	}
	boom := errors.New("store unreachable")
	_, err = TrainSource(ctx, func(yield func(Doc) bool) error {
		yield(docs[0])
		return boom
	}, quickOptions())
	if !errors.Is(err, boom) {
		t.Fatalf("source error: got %v", err)
	}
}

// TestRareWordsPointAtTheirDocuments checks that a word under the minimum
// document frequency still gets a vector, and that it leads to the one
// paper it occurs in.
func TestRareWordsPointAtTheirDocuments(t *testing.T) {
	docs := slices.Clone(loadSample(t)[:80])
	const target = 17
	docs[target].Text += " The zorblax effect is new."
	o := quickOptions()
	o.MinDF = 2
	ctx := context.Background()
	m, err := Train(ctx, docs, o)
	if err != nil {
		t.Fatal(err)
	}
	if m.Table().Lookup("zorblax") < 0 {
		t.Fatal("the rare word has no vector")
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.Title + "\n" + d.Text
	}
	dv, _ := m.Embed(ctx, texts)
	qv, _ := m.Embed(ctx, []string{"zorblax"})
	best, bi := float32(-2), -1
	for i, v := range dv {
		if s := vek32.Dot(qv[0], v); s > best {
			best, bi = s, i
		}
	}
	if bi != target {
		t.Fatalf("the rare word's nearest paper is %d (cos %.3f), want %d", bi, best, target)
	}
}

// TestFewPaperWordsLeanToTheirPapers checks withRare on a trained word of
// two papers: it moves toward the sum of their vectors by lowDFMix of its
// length, and words of many papers do not move.
func TestFewPaperWordsLeanToTheirPapers(t *testing.T) {
	docs := slices.Clone(loadSample(t)[:80])
	docs[3].Text += " A quuxel appears."
	docs[41].Text += " Another quuxel here."
	o := quickOptions()
	o.defaults()
	c := newCorpus(docs, 2)
	p := initParams(c.vocab.words, len(c.rare), o.Dim, nil, rand.New(rand.NewPCG(1, 2)))
	tr := newTrainer(p, c.vocab.idf, o)
	q, the := c.vocab.index["quuxel"], c.vocab.index["the"]
	if c.vocab.df[q] != 2 || c.vocab.df[the] <= lowDFMax {
		t.Fatalf("df quuxel %d, the %d", c.vocab.df[q], c.vocab.df[the])
	}
	dim := o.Dim
	row := func(id int32) []float32 { return slices.Clone(p.vecs[int(id)*dim : int(id+1)*dim]) }
	before, theBefore := row(q), row(the)
	var bags []bag
	for _, d := range []int{3, 41} {
		bags = append(bags, c.bags.make(append([][]int32{c.docs[d].title}, c.docs[d].sents...)...))
	}
	var e encoded
	tr.encode(&e, bags)
	want := vek32.Add(e.vecs[0], e.vecs[1])
	vek32.MulNumber_Inplace(want, lowDFMix*norm(before)/norm(want))
	_, _, vecs := c.withRare(tr)
	after := vecs[int(q)*dim : int(q+1)*dim]
	moved := vek32.Sub(after, before)
	if d := norm(vek32.Sub(moved, want)); d > 1e-4*norm(want) {
		t.Fatalf("quuxel moved by %v, want %v", moved[:4], want[:4])
	}
	if !slices.Equal(vecs[int(the)*dim:int(the+1)*dim], theBefore) {
		t.Fatal("a word of many papers moved")
	}
}

// TestReadTokenizedInOrder: tokenizing on several goroutines builds the
// corpus that adding the documents one by one does, word ids included.
func TestReadTokenizedInOrder(t *testing.T) {
	sample := loadSample(t)
	var docs []Doc
	for len(docs) < 2*tokenizeChunk+7 { // more than one chunk, and a partial one
		docs = append(docs, sample...)
	}
	want := newCorpus(docs, 2)
	b := newCorpusBuilder()
	if err := readTokenized(context.Background(), DocsSource(docs), 3, b.addTokens); err != nil {
		t.Fatal(err)
	}
	got := b.build(2)
	if !slices.Equal(got.vocab.words, want.vocab.words) || len(got.docs) != len(want.docs) {
		t.Fatalf("vocabulary or documents differ: %d/%d words, %d/%d docs", len(got.vocab.words), len(want.vocab.words), len(got.docs), len(want.docs))
	}
	for i := range want.docs {
		if !slices.Equal(got.docs[i].title, want.docs[i].title) || len(got.docs[i].sents) != len(want.docs[i].sents) {
			t.Fatalf("document %d differs", i)
		}
	}
}

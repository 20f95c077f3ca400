package embed

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paperwire/paperwire"
)

// samplePapers returns a maker of change-feed papers from docs: paper i at
// change seq, with document i's title and text.
func samplePapers(docs []Doc) func(i int, seq int64) *paperwire.Paper {
	return func(i int, seq int64) *paperwire.Paper {
		return &paperwire.Paper{ID: fmt.Sprintf("2501.%05d", i), Seq: seq, Title: docs[i].Title, Abstract: docs[i].Text}
	}
}

// TestCorpusFollowerTrainsTheModelOfTheFinalCorpus: a corpus followed from
// a change feed that brings a paper again (updated) and withdraws another
// trains the model that reading the final papers in change order trains.
func TestCorpusFollowerTrainsTheModelOfTheFinalCorpus(t *testing.T) {
	docs := loadSample(t)[:120]
	paper := samplePapers(docs)
	var first []*paperwire.Paper
	for i := range 100 {
		first = append(first, paper(i, int64(i+1)))
	}
	updated := paper(3, 101)
	updated.Title = "An updated title about " + docs[7].Title
	withdrawn := paper(5, 102)
	withdrawn.Withdrawn = true
	var later []*paperwire.Paper
	for i := 100; i < 120; i++ {
		later = append(later, paper(i, int64(i+3)))
	}
	f := NewCorpusFollower()
	f.Add(first)
	f.Add([]*paperwire.Paper{updated, withdrawn})
	f.Add(later)

	// The feed read after the import: every paper once, at its last change.
	var final []Doc
	for i := range 100 {
		if i != 3 && i != 5 {
			final = append(final, docs[i])
		}
	}
	final = append(final, Doc{Title: updated.Title, Text: updated.Abstract})
	final = append(final, docs[100:120]...)

	o := TrainOptions{Epochs: 1, BatchSize: 32, Seed: 3, Workers: 2}
	dir := t.TempDir()
	want, err := TrainFromSource(context.Background(), DocsSource(final), filepath.Join(dir, "read.pwem"), o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := TrainFollowed(context.Background(), f, filepath.Join(dir, "followed.pwem"), o)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name() != want.Name() || got.VocabSize() != want.VocabSize() || got.Docs() != len(final) {
		t.Errorf("followed corpus trained %s (%d words, %d docs), the final corpus %s (%d words, %d docs)",
			got.Name(), got.VocabSize(), got.Docs(), want.Name(), want.VocabSize(), len(final))
	}
	if _, err := TrainFollowed(context.Background(), f, filepath.Join(dir, "again.pwem"), o); err == nil {
		t.Error("a follower trained on twice")
	}
}

// TestFollowedVectorsAreTheModelsEmbeddings: the vectors EachVector makes
// from the followed corpus's word ids are, bit for bit, what the trained
// model gives each paper's text as it was at its last change, in the order
// of those changes (the feed's once the import is done): updated, withdrawn and wordless
// papers, and words of a single paper (not trained, rows of their own),
// included.
func TestFollowedVectorsAreTheModelsEmbeddings(t *testing.T) {
	docs := loadSample(t)[:150]
	paper := samplePapers(docs)
	var first []*paperwire.Paper
	for i := range 140 {
		first = append(first, paper(i, int64(i+1)))
	}
	first[9].Title, first[9].Abstract = "", "— · —" // no word at all
	updated := paper(3, 141)
	updated.Title = "Zyxwvut qpmfoo, an updated title about " + docs[7].Title
	withdrawn := paper(5, 142)
	withdrawn.Withdrawn = true
	back := paper(6, 143) // withdrawn, then back
	back.Withdrawn = true
	backAgain := paper(6, 150)
	backAgain.Abstract += " Revised."
	var later []*paperwire.Paper
	for i := 140; i < 150; i++ {
		later = append(later, paper(i, int64(i+4)))
	}
	f := NewCorpusFollower()
	f.Add(first)
	f.Add([]*paperwire.Paper{updated, withdrawn, back})
	f.Add(later)
	f.Add([]*paperwire.Paper{backAgain})
	if f.Seq() != 153 {
		t.Errorf("Seq = %d, want 153", f.Seq())
	}

	final := map[string]*paperwire.Paper{}
	var order []string
	for _, batch := range [][]*paperwire.Paper{first, {updated, withdrawn, back}, later, {backAgain}} {
		for _, p := range batch {
			order = append(slices.DeleteFunc(order, func(id string) bool { return id == p.ID }), p.ID)
			final[p.ID] = p
		}
	}
	m, err := TrainFollowed(context.Background(), f, filepath.Join(t.TempDir(), "m.pwem"), TrainOptions{Epochs: 1, BatchSize: 32, Seed: 3, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if f.Model() != m {
		t.Error("the follower does not hold the model it trained")
	}
	var texts []string
	for _, id := range order {
		texts = append(texts, final[id].Title+"\n"+final[id].Abstract)
	}
	want, err := m.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = f.EachVector(context.Background(), func(id string, vec []float32) error {
		i := len(got)
		got = append(got, id)
		if i >= len(order) || id != order[i] {
			return fmt.Errorf("vector %d is %s, want %v", i, id, order[i:min(i+1, len(order))])
		}
		if !slices.Equal(vec, want[i]) {
			t.Errorf("%s: the vector from word ids differs from embedding its text", id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(order) {
		t.Errorf("%d vectors, want %d", len(got), len(order))
	}
	for _, w := range []string{"zyxwvut", "qpmfoo"} { // words of one paper: rows of their own
		if m.table.lookupBytes([]byte(w)) < 0 {
			t.Errorf("%q has no row", w)
		}
	}
	if !slices.ContainsFunc(want[slices.Index(order, updated.ID)], func(x float32) bool { return x != 0 }) {
		t.Error("the updated paper's vector is zero")
	}
	if slices.ContainsFunc(want[slices.Index(order, first[9].ID)], func(x float32) bool { return x != 0 }) {
		t.Error("a paper without a word has a vector")
	}
	if err := f.EachVector(context.Background(), func(string, []float32) error { return nil }); err == nil {
		t.Error("EachVector ran twice")
	}
}

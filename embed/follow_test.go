package embed

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire"
)

// TestCorpusFollowerTrainsTheModelOfTheFinalCorpus: a corpus followed from
// a change feed that brings a paper again (updated) and withdraws another
// trains the model that reading the final papers in change order trains.
func TestCorpusFollowerTrainsTheModelOfTheFinalCorpus(t *testing.T) {
	docs := loadSample(t)[:120]
	paper := func(i int, seq int64) *paperwire.Paper {
		return &paperwire.Paper{ID: fmt.Sprintf("2501.%05d", i), Seq: seq, Title: docs[i].Title, Abstract: docs[i].Text}
	}
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

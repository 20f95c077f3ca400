package embed

import (
	"context"
	"errors"

	"github.com/paperwire/paperwire"
)

// CorpusFollower reads the training corpus from a store's change feed while
// an import is still writing it, on the core the database writes leave idle,
// so that training after the import starts at once instead of reading every
// paper again. A paper the feed brings again (updated later in the import)
// replaces its earlier document, and a withdrawn one leaves the corpus: the
// result is the corpus FeedSource reads once the import is done, in the same
// order, so a seed trains the same model either way. It is not safe for
// concurrent use.
type CorpusFollower struct {
	b     *corpusBuilder
	docOf map[string]int32 // paper id → its live document
}

// NewCorpusFollower starts an empty corpus.
func NewCorpusFollower() *CorpusFollower {
	return &CorpusFollower{b: newCorpusBuilder(), docOf: map[string]int32{}}
}

// Add takes the next papers of the change feed, in change order.
func (f *CorpusFollower) Add(papers []*paperwire.Paper) {
	for _, p := range papers {
		if doc, ok := f.docOf[p.ID]; ok {
			f.b.remove(doc)
			delete(f.docOf, p.ID)
		}
		if p.Withdrawn {
			continue
		}
		if doc := f.b.addDoc(tokenizeDoc(Doc{Title: p.Title, Text: p.Abstract})); doc >= 0 {
			f.docOf[p.ID] = doc
		}
	}
}

// TrainFollowed is TrainFromSource over the corpus f read: it trains, saves
// the model at path, and leaves f empty (its tokens become the model's
// training set).
func TrainFollowed(ctx context.Context, f *CorpusFollower, path string, opts TrainOptions) (*Model, error) {
	if f.b == nil {
		return nil, errors.New("embed: the followed corpus was already trained on")
	}
	b := f.b
	f.b, f.docOf = nil, nil
	return trainAndSave(path, opts, func(opts TrainOptions) (*Model, error) {
		opts.defaults()
		return train(ctx, opts, func() (*corpusBuilder, error) { return b, nil })
	})
}

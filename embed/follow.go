package embed

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"

	"github.com/paperwire/paperwire"
)

// CorpusFollower reads the training corpus from a store's change feed while
// an import is still writing it, on the core the database writes leave idle,
// so that training after the import starts at once instead of reading every
// paper again. A paper the feed brings again (updated later in the import)
// replaces its earlier document, and a withdrawn one leaves the corpus: the
// result is the corpus FeedSource reads once the import is done, in the same
// order, so a seed trains the same model either way. Once trained on, it
// gives every paper's vector from the words it kept (EachVector) instead of
// a second read and tokenization of the papers. It is not safe for
// concurrent use.
type CorpusFollower struct {
	b     *corpusBuilder
	paper map[string]followed // paper id → where it stands
	// ids are the papers in the order of their last change (the order the
	// feed brings them once the import is done), "" where a paper changed
	// again later.
	ids []string
	// withdrawn holds the texts of papers whose last change withdrew them:
	// they are not trained on, but a vector file holds them too.
	withdrawn map[string]Doc
	seq       int64 // the last change seen

	// Set by TrainFollowed, until EachVector.
	model  *Model
	corpus *corpus
	live   []int32 // document → its place in corpus.docs, -1 when replaced
}

// NewCorpusFollower starts an empty corpus.
func NewCorpusFollower() *CorpusFollower {
	return &CorpusFollower{b: newCorpusBuilder(), paper: map[string]followed{}, withdrawn: map[string]Doc{}}
}

// followed is where a paper stands in a CorpusFollower.
type followed struct {
	doc int32 // its document, or -1: withdrawn, or without a word
	at  int32 // its place in ids
}

// Add takes the next papers of the change feed, in change order.
func (f *CorpusFollower) Add(papers []*paperwire.Paper) {
	for _, p := range papers {
		f.seq = max(f.seq, p.Seq)
		if old, seen := f.paper[p.ID]; seen {
			f.ids[old.at] = ""
			if old.doc >= 0 {
				f.b.remove(old.doc)
			}
			delete(f.withdrawn, p.ID)
		}
		now := followed{doc: -1, at: int32(len(f.ids))}
		f.ids = append(f.ids, p.ID)
		if p.Withdrawn {
			f.withdrawn[p.ID] = Doc{Title: p.Title, Text: p.Abstract}
		} else {
			now.doc = f.b.addText(Doc{Title: p.Title, Text: p.Abstract})
		}
		f.paper[p.ID] = now
	}
}

// Seq is the last change the follower has seen: the vectors EachVector gives
// are those of the papers as they were then.
func (f *CorpusFollower) Seq() int64 { return f.seq }

// TrainFollowed is TrainFromSource over the corpus f read: it trains and
// saves the model at path. f keeps each paper's bag of model rows for
// EachVector.
func TrainFollowed(ctx context.Context, f *CorpusFollower, path string, opts TrainOptions) (*Model, error) {
	if f.b == nil {
		return nil, errors.New("embed: the followed corpus was already trained on")
	}
	b := f.b
	f.b = nil
	// Documents replaced later are left out by the corpus build: number the
	// others as it will.
	f.live = make([]int32, b.docs)
	n := int32(0)
	for doc := range f.live {
		if b.dead[int32(doc)] {
			f.live[doc] = -1
			continue
		}
		f.live[doc] = n
		n++
	}
	var c *corpus
	m, err := trainAndSave(path, opts, func(opts TrainOptions) (*Model, error) {
		opts.defaults()
		var m *Model
		var err error
		m, c, err = trainCorpus(ctx, opts, func() (*corpusBuilder, error) { return b, nil }, true)
		return m, err
	})
	if err != nil {
		f.paper, f.ids, f.withdrawn, f.live = nil, nil, nil, nil
		return nil, err
	}
	f.model, f.corpus = m, c
	return m, nil
}

// Model is the model TrainFollowed trained, until EachVector; nil otherwise.
func (f *CorpusFollower) Model() *Model { return f.model }

// vectorChunk is how many papers EachVector embeds between calls of fn.
const vectorChunk = 4096

// EachVector calls fn with every followed paper's id and its vector under
// the model TrainFollowed trained, in the order of the papers' last changes,
// each paper as it was then. A vector is what embedding the paper's title
// and abstract (vector.PaperText) with that model gives, bit for bit, summed
// from the bag of model rows the corpus kept (docbag.go); a withdrawn paper,
// which was not trained on, is embedded from its text. fn must not keep vec.
// The corpus is let go afterwards: EachVector runs once.
func (f *CorpusFollower) EachVector(ctx context.Context, fn func(id string, vec []float32) error) error {
	m, c := f.model, f.corpus
	if m == nil {
		return errors.New("embed: no model trained on the followed corpus")
	}
	defer func() {
		f.model, f.corpus, f.live, f.paper, f.ids, f.withdrawn = nil, nil, nil, nil, nil, nil
	}()
	// Papers changed again later left "" at their earlier place.
	f.ids = slices.DeleteFunc(f.ids, func(id string) bool { return id == "" })
	dim := m.Dim()
	workers := max(1, runtime.GOMAXPROCS(0))
	flat := make([]float32, vectorChunk*dim)
	for lo := 0; lo < len(f.ids); lo += vectorChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		ids := f.ids[lo:min(lo+vectorChunk, len(f.ids))]
		clear(flat)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(ids); i += workers {
					doc := f.paper[ids[i]].doc
					if doc < 0 {
						continue // withdrawn (below), or no word: a zero vector
					}
					at := f.live[doc]
					vec := flat[i*dim : (i+1)*dim]
					addDocBag(vec, m.table, m.table.Weights, c.docBags[at])
					normalize(vec)
					c.docBags[at] = nil
				}
			})
		}
		wg.Wait()
		for i, id := range ids {
			vec := flat[i*dim : (i+1)*dim]
			if d, ok := f.withdrawn[id]; ok {
				vs, err := m.Embed(ctx, []string{d.Title + "\n" + d.Text})
				if err != nil {
					return err
				}
				vec = vs[0]
			}
			if err := fn(id, vec); err != nil {
				return err
			}
		}
	}
	return nil
}

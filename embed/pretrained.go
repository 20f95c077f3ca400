package embed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paperwire/paperwire/embed/internal/glovedata"
)

// Pretrained returns the shipped start vectors for training: 100,000 GloVe
// words × 100 dimensions (11 MB in the binary). Starting from them instead of
// random vectors is worth several nDCG points on a small corpus
// (docs/search-semantic-experiments.md). Each call parses a fresh copy.
func Pretrained() (*Table, error) {
	t, err := ReadTable(glovedata.Table)
	if err != nil {
		return nil, fmt.Errorf("embed: shipped word vectors: %w", err)
	}
	return t, nil
}

// DefaultTrainOptions are the settings measured best on SciFact (train split),
// without Init: pass Pretrained() there.
func DefaultTrainOptions() TrainOptions {
	o := TrainOptions{}
	o.defaults()
	o.Logger = nil
	return o
}

// RetrainPolicy decides when a corpus has outgrown its model.
type RetrainPolicy struct {
	MinDocs    int     // never train on fewer documents; default 200
	GrowthRate float64 // retrain once the corpus is this much larger than the model's training set; default 0.25
	MinGrowth  int     // …and at least this many documents larger; default 1000
}

// ShouldRetrain reports whether a corpus of docs documents needs a new model,
// given the current one (nil when there is none). The CLI asks after every
// import: small daily harvests keep the model, a large import retrains it.
func (p RetrainPolicy) ShouldRetrain(current *Model, docs int) bool {
	if p.MinDocs == 0 {
		p.MinDocs = 200
	}
	if p.GrowthRate == 0 {
		p.GrowthRate = 0.25
	}
	if p.MinGrowth == 0 {
		p.MinGrowth = 1000
	}
	if docs < p.MinDocs {
		return false
	}
	if current == nil {
		return true
	}
	grown := docs - current.Docs()
	return grown >= p.MinGrowth && float64(grown) >= p.GrowthRate*float64(current.Docs())
}

// ShouldRetrainAfter is ShouldRetrain after an import that added added
// documents: with no model yet, one is trained only when the import grew
// the corpus as much as a retrain would need (so the first import of a
// corpus trains, a small one into a database others filled does not).
func (p RetrainPolicy) ShouldRetrainAfter(current *Model, docs, added int) bool {
	if current == nil && added < docs {
		growthRate, minGrowth := p.GrowthRate, p.MinGrowth
		if growthRate == 0 {
			growthRate = 0.25
		}
		if minGrowth == 0 {
			minGrowth = 1000
		}
		if added < minGrowth || float64(added) < growthRate*float64(docs-added) {
			return false
		}
	}
	return p.ShouldRetrain(current, docs)
}

// TrainFromCorpus trains a model on docs starting from the shipped vectors
// (unless opts.Init is set) and saves it atomically to path, creating the
// directory. It is what `paperwire embeddings train` and the automatic
// retraining after a large import run; stored vectors made by the previous
// model must then be recomputed (the Name changes).
func TrainFromCorpus(ctx context.Context, docs []Doc, path string, opts TrainOptions) (*Model, error) {
	return TrainFromSource(ctx, DocsSource(docs), path, opts)
}

// TrainFromSource is TrainFromCorpus over documents read one at a time (for
// example FeedSource), so the corpus's text is never held in memory at once.
func TrainFromSource(ctx context.Context, src DocSource, path string, opts TrainOptions) (*Model, error) {
	return trainAndSave(path, opts, func(opts TrainOptions) (*Model, error) {
		return TrainSource(ctx, src, opts)
	})
}

// trainAndSave runs train with the pretrained start when opts has none, and
// saves the model at path.
func trainAndSave(path string, opts TrainOptions, train func(TrainOptions) (*Model, error)) (*Model, error) {
	if opts.Init == nil {
		init, err := Pretrained()
		if err != nil {
			return nil, err
		}
		opts.Init = init
	}
	m, err := train(opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if err := m.Save(path); err != nil {
		return nil, fmt.Errorf("embed: save model: %w", err)
	}
	return m, nil
}

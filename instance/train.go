package instance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/paperwire/paperwire/embed"
)

// autoTrainMaxPapers bounds the corpus an import retrains on by itself:
// training time grows with the corpus, so larger corpora are trained on
// purpose with `paperwire embeddings train`.
const autoTrainMaxPapers = 200_000

// RetrainIfGrown trains the built-in embedding model after an import when
// the corpus has outgrown the model (embed.RetrainPolicy): a first large
// import gets a model of its own, small daily harvests keep the current one.
// opts are the training options (embed.DefaultTrainOptions, or eval's with
// its seed); their Logger is the instance's.
//
// added is how many papers the import just brought. A data directory with
// no model trains one only when they are a large share of the corpus (the
// same growth rule as a retrain): a small import from the command line into
// a database others fill (PostgreSQL, a fresh --data) trains nothing.
func (in *Instance) RetrainIfGrown(ctx context.Context, opts embed.TrainOptions, added int) error {
	return in.retrainIfGrown(ctx, opts, added, nil)
}

// RetrainAfterImport is RetrainIfGrown after the import r ran: it trains on
// the corpus r followed beside the writes when it did (a first import), and
// reads the papers again otherwise. Call it after r.Finish.
func (in *Instance) RetrainAfterImport(ctx context.Context, opts embed.TrainOptions, r *ImportRun, added int) error {
	return in.retrainIfGrown(ctx, opts, added, r.corpus)
}

func (in *Instance) retrainIfGrown(ctx context.Context, opts embed.TrainOptions, added int, followed *embed.CorpusFollower) error {
	if in.embedderKind() != embedderBuiltin {
		return nil
	}
	path := embed.ModelFile(in.dataDir)
	cur, err := embed.LoadModel(path)
	if errors.Is(err, fs.ErrNotExist) {
		cur = nil
	} else if err != nil {
		return fmt.Errorf("load embedding model: %w", err)
	}
	sum, err := in.Papers.Summary(ctx)
	if err != nil {
		return err
	}
	n := sum.Papers
	if !(embed.RetrainPolicy{}).ShouldRetrainAfter(cur, n, added) {
		return nil
	}
	if n > autoTrainMaxPapers {
		in.log.Info("the corpus has outgrown its embedding model; run 'paperwire embeddings train' to retrain", "papers", n)
		return nil
	}
	in.log.Info("training the embedding model on the imported corpus", "papers", n)
	opts.Logger = in.log
	var m *embed.Model
	if followed != nil {
		m, err = embed.TrainFollowed(ctx, followed, path, opts)
	} else {
		var seq int64
		m, err = embed.TrainFromSource(ctx, embed.FeedSource(ctx, in.Papers, &seq), path, opts)
	}
	if err != nil {
		return fmt.Errorf("train embedding model: %w", err)
	}
	in.log.Info("embedding model trained", "model", m.Name(), "path", path)
	if followed != nil {
		in.trained = followed
	}
	return nil
}

// TrainedModel is what TrainEmbeddings made.
type TrainedModel struct {
	Model *embed.Model
	Path  string // where it was saved, and where search loads it from
	Seq   int64  // the last change of the papers it was trained on
}

// TrainEmbeddings trains the built-in embedding model on every paper of the
// instance, whatever its size, and saves it where search loads it from.
// Vectors made by an earlier model are recomputed by the vector index when
// it sees the new model's name. opts's Logger is the instance's.
func (in *Instance) TrainEmbeddings(ctx context.Context, opts embed.TrainOptions) (TrainedModel, error) {
	sum, err := in.Papers.Summary(ctx)
	if err != nil {
		return TrainedModel{}, err
	}
	if sum.Papers < 2 {
		return TrainedModel{}, fmt.Errorf("the data directory holds %d papers: import some before training", sum.Papers)
	}
	opts.Logger = in.log
	t := TrainedModel{Path: embed.ModelFile(in.dataDir)}
	t.Model, err = embed.TrainFromSource(ctx, embed.FeedSource(ctx, in.Papers, &t.Seq), t.Path, opts)
	if err != nil {
		return TrainedModel{}, err
	}
	return t, nil
}

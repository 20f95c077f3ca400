package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/embed/demomodel"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/vector"
)

// Embedder choices (PAPERWIRE_EMBEDDER).
const (
	embedderBuiltin = "builtin" // the model trained on this corpus, else the shipped demo model
	embedderVec     = "vec"     // a word2vec/GloVe/fastText .vec file (PAPERWIRE_EMBEDDINGS_FILE)
	embedderOpenAI  = "openai"  // an OpenAI-compatible /v1/embeddings server
	embedderOff     = "off"     // keyword search only
)

// vectorsFile is where the vector index is saved inside a data directory.
func vectorsFile(dataDir string) string { return filepath.Join(dataDir, "index", "vectors.bin") }

// chooseEmbedder builds the embedder the environment asks for; nil means
// semantic search is off.
func chooseEmbedder(ctx context.Context, env *Env, dataDir string) (embed.Embedder, error) {
	switch kind := strings.ToLower(envOr(env, "PAPERWIRE_EMBEDDER", embedderBuiltin)); kind {
	case embedderOff:
		return nil, nil
	case embedderBuiltin:
		m, err := embed.LoadModel(embed.ModelFile(dataDir))
		if err == nil {
			return m, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("load embedding model: %w", err)
		}
		// No model trained on this corpus yet: the model shipped for the demo
		// corpus (arXiv listings) is a sound start for any arXiv collection.
		return demomodel.Model()
	case embedderVec:
		path := env.Getenv("PAPERWIRE_EMBEDDINGS_FILE")
		if path == "" {
			return nil, usageError{"PAPERWIRE_EMBEDDER=vec needs PAPERWIRE_EMBEDDINGS_FILE=/path/to/vectors.vec"}
		}
		wv, st, err := embed.LoadVec(path)
		if err != nil {
			return nil, err
		}
		env.Logger.Info("word vectors loaded", "file", path, "words", wv.Len(), "dim", wv.Dim(), "skipped_lines", st.Skipped)
		return wv, nil
	case embedderOpenAI:
		c, err := embed.NewOpenAI(embed.OpenAIOptions{
			URL:    env.Getenv("PAPERWIRE_EMBEDDINGS_URL"),
			Model:  env.Getenv("PAPERWIRE_EMBEDDINGS_MODEL"),
			APIKey: env.Getenv("PAPERWIRE_EMBEDDINGS_KEY"),
			Logger: env.Logger,
		})
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if c.Dim() == 0 {
			// The vector size is learned from the first answer.
			if _, err := c.Embed(ctx, []string{"paperwire"}); err != nil {
				return nil, fmt.Errorf("embedding server: %w", err)
			}
		}
		return c, nil
	default:
		return nil, usageError{fmt.Sprintf("PAPERWIRE_EMBEDDER=%q: want builtin, vec, openai or off", kind)}
	}
}

// openSemantic opens the vector index for the chosen embedder, caught up with
// the database. A failure leaves search lexical and is logged, not fatal:
// an embedding server being down must not stop the site.
func (a *app) openSemantic(ctx context.Context, env *Env) *search.Semantic {
	emb, err := chooseEmbedder(ctx, env, a.dataDir)
	if err != nil {
		env.Logger.Warn("semantic search off", "err", err.Error())
		return nil
	}
	if emb == nil {
		return nil
	}
	vecs, err := vector.OpenSynced(ctx, vectorsFile(a.dataDir), emb, a.papers, env.Logger)
	if err != nil {
		env.Logger.Warn("semantic search off", "err", err.Error())
		return nil
	}
	a.vectors = vecs
	return &search.Semantic{Embedder: emb, Vectors: searchVectors{vecs.Index()}}
}

// autoTrainMaxPapers bounds the corpus an import retrains on by itself:
// training time grows with the corpus, so larger corpora are trained on
// purpose with `paperwire embeddings train`.
const autoTrainMaxPapers = 200_000

// retrainIfGrown trains the built-in embedding model after an import when the
// corpus has outgrown the model (embed.RetrainPolicy): a first large import
// gets a model of its own, small daily harvests keep the current one.
func retrainIfGrown(ctx context.Context, env *Env, a *app) error {
	return retrainIfGrownWith(ctx, env, a, embed.DefaultTrainOptions())
}

// retrainIfGrownWith is retrainIfGrown with given training options (eval
// sets the seed).
func retrainIfGrownWith(ctx context.Context, env *Env, a *app, opts embed.TrainOptions) error {
	if strings.ToLower(envOr(env, "PAPERWIRE_EMBEDDER", embedderBuiltin)) != embedderBuiltin {
		return nil
	}
	path := embed.ModelFile(a.dataDir)
	cur, err := embed.LoadModel(path)
	if errors.Is(err, fs.ErrNotExist) {
		cur = nil
	} else if err != nil {
		return fmt.Errorf("load embedding model: %w", err)
	}
	sum, err := a.papers.Summary(ctx)
	if err != nil {
		return err
	}
	n := sum.Papers
	if !(embed.RetrainPolicy{}).ShouldRetrain(cur, n) {
		return nil
	}
	if n > autoTrainMaxPapers {
		env.Logger.Info("the corpus has outgrown its embedding model; run 'paperwire embeddings train' to retrain", "papers", n)
		return nil
	}
	env.Logger.Info("training the embedding model on the imported corpus", "papers", n)
	opts.Logger = env.Logger
	var seq int64
	m, err := embed.TrainFromSource(ctx, embed.FeedSource(ctx, a.papers, &seq), path, opts)
	if err != nil {
		return fmt.Errorf("train embedding model: %w", err)
	}
	env.Logger.Info("embedding model trained", "model", m.Name(), "path", path)
	return nil
}

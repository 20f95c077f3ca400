package instance

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
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

// embedderKind is the PAPERWIRE_EMBEDDER choice, builtin when unset.
func (in *Instance) embedderKind() string {
	kind := in.getenv("PAPERWIRE_EMBEDDER")
	if kind == "" {
		kind = embedderBuiltin
	}
	return strings.ToLower(kind)
}

// chooseEmbedder builds the embedder the environment asks for; nil means
// semantic search is off.
func (in *Instance) chooseEmbedder(ctx context.Context) (embed.Embedder, error) {
	switch kind := in.embedderKind(); kind {
	case embedderOff:
		return nil, nil
	case embedderBuiltin:
		m, err := embed.LoadModel(embed.ModelFile(in.dataDir))
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
		path := in.getenv("PAPERWIRE_EMBEDDINGS_FILE")
		if path == "" {
			return nil, errors.New("PAPERWIRE_EMBEDDER=vec needs PAPERWIRE_EMBEDDINGS_FILE=/path/to/vectors.vec")
		}
		wv, st, err := embed.LoadVec(path)
		if err != nil {
			return nil, err
		}
		in.log.Info("word vectors loaded", "file", path, "words", wv.Len(), "dim", wv.Dim(), "skipped_lines", st.Skipped)
		return wv, nil
	case embedderOpenAI:
		c, err := embed.NewOpenAI(embed.OpenAIOptions{
			URL:    in.getenv("PAPERWIRE_EMBEDDINGS_URL"),
			Model:  in.getenv("PAPERWIRE_EMBEDDINGS_MODEL"),
			APIKey: in.getenv("PAPERWIRE_EMBEDDINGS_KEY"),
			Logger: in.log,
		})
		if err != nil {
			return nil, err
		}
		if c.Dim() == 0 {
			// The vector size is learned from the first answer.
			if _, err := c.Embed(ctx, []string{"paperwire"}); err != nil {
				return nil, fmt.Errorf("embedding server: %w", err)
			}
		}
		return c, nil
	default:
		return nil, fmt.Errorf("PAPERWIRE_EMBEDDER=%q: want builtin, vec, openai or off", kind)
	}
}

// OpenSemantic opens the vector index for the chosen embedder, caught up
// with the database, and returns the engine's semantic half over it; nil
// when semantic search is off. A failure leaves search lexical and is
// logged, not returned: an embedding server being down must not stop the
// site.
func (in *Instance) OpenSemantic(ctx context.Context) *search.Semantic {
	emb, err := in.chooseEmbedder(ctx)
	if err != nil {
		in.log.Warn("semantic search off", "err", err.Error())
		return nil
	}
	if emb == nil {
		return nil
	}
	vecs, err := vector.OpenSynced(ctx, vectorsFile(in.dataDir), emb, in.Papers, in.log)
	if err != nil {
		in.log.Warn("semantic search off", "err", err.Error())
		return nil
	}
	if in.saveAtClose {
		vecs.SaveEvery = math.MaxInt
	}
	in.vectors = vecs
	return &search.Semantic{Embedder: emb, Vectors: searchVectors{vecs.Index()}}
}

// searchVectors adapts a vector.Exact to the search engine's VectorIndex;
// Vector (VectorLookup) and Score (CandidateScorer) already match.
type searchVectors struct{ *vector.Exact }

func (v searchVectors) Search(q []float32, k int, keep func(id string) bool) ([]search.Scored, error) {
	hits, err := v.Exact.Search(q, k, keep)
	if err != nil {
		return nil, err
	}
	out := make([]search.Scored, len(hits))
	for i, h := range hits {
		out[i] = search.Scored{ID: h.ID, Score: float64(h.Score)}
	}
	return out, nil
}

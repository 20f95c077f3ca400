// Package embed turns text into vectors for semantic search and related papers.
//
// One interface, Embedder, covers every source of vectors: the model Paperwire
// trains on the papers it holds (Train, TrainFromCorpus, LoadModel), standard
// word-vector text files (LoadVec) and any OpenAI-compatible /v1/embeddings
// server (NewOpenAI). The search index stores vectors tagged with
// Embedder.Name, so changing the model invalidates stored vectors instead of
// mixing incompatible spaces.
//
// The trained model is a bag of word vectors: cheap enough to train in pure Go
// on two cores in minutes, and, trained contrastively on the corpus's own
// title→abstract and sentence→rest-of-abstract pairs from a GloVe start, good
// enough to lift BM25 on scientific retrieval (docs/decisions/020-semantic-layer.md).
package embed

import "context"

// Embedder maps texts to fixed-size vectors.
//
// Embed returns one vector per input text, in input order, each of length Dim.
// Vectors are L2-normalised so a dot product is the cosine similarity; a text
// with nothing the model knows gets a zero vector. Embed is safe for concurrent
// use.
//
// Name identifies the model and its version (for example
// "paperwire-bow/3f2a9c1e" or "openai:text-embedding-3-small"); it changes
// whenever vectors from one instance could not be compared with another's.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dim() int
	Name() string
}

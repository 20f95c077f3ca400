// Package vector finds the stored vectors nearest to a query vector.
//
// Vectors are unit length, so the dot product is the cosine similarity. Exact
// is a brute-force scan with SIMD dot products (github.com/viterin/vek), split
// over cores: at a million 100-dimensional vectors it answers in tens of
// milliseconds with perfect recall, which is why there is no approximate index
// yet; Index is what one would implement.
package vector

import "errors"

// Hit is one search result: a document id and its similarity to the query.
type Hit struct {
	ID    string
	Score float32
}

// Index stores one vector per document id and returns the k most similar to a
// query. Implementations are safe for concurrent use.
type Index interface {
	// Dim is the vector length every Add and Search must use.
	Dim() int
	// Len is the number of stored vectors.
	Len() int
	// Add stores vec under id, replacing any earlier vector of id.
	Add(id string, vec []float32) error
	// Delete removes id; it reports whether id was present.
	Delete(id string) bool
	// Search returns up to k hits, best first, skipping ids for which keep
	// returns false (keep may be nil).
	Search(q []float32, k int, keep func(id string) bool) ([]Hit, error)
}

// ErrDim reports a vector whose length differs from the index's Dim.
var ErrDim = errors.New("vector: wrong dimension")

// ErrCorrupt reports an index file that is truncated or altered.
var ErrCorrupt = errors.New("vector: corrupt index file")

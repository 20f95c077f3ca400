package main

import (
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/vector"
)

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

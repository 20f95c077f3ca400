package main

import (
	"context"
	"fmt"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed"
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

// embedBatch is how many papers are embedded per call.
const embedBatch = 256

// embedAll embeds every paper the feed holds (title and abstract) into a new
// exact vector index made by m.
func embedAll(ctx context.Context, feed paperwire.ChangeFeed, m embed.Embedder) (*vector.Exact, error) {
	x := vector.NewExact(m.Dim(), m.Name())
	var after int64
	for {
		page, err := feed.ChangesSince(ctx, after, embedBatch)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			x.SetSeq(after)
			return x, nil
		}
		texts := make([]string, len(page))
		for i, p := range page {
			texts[i] = p.Title + "\n" + p.Abstract
			after = max(after, p.Seq)
		}
		vecs, err := m.Embed(ctx, texts)
		if err != nil {
			return nil, err
		}
		if len(vecs) != len(page) {
			return nil, fmt.Errorf("embedder returned %d vectors for %d papers", len(vecs), len(page))
		}
		for i, p := range page {
			if err := x.Add(p.ID, vecs[i]); err != nil {
				return nil, err
			}
		}
	}
}

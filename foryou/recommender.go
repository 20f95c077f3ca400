package foryou

import (
	"context"

	"github.com/paperwire/paperwire"
)

// Recommender ranks stored papers for a reader, with each paper's vector
// looked up in the site's vector index. It is what the web layer's For-you
// page and feed ask for.
type Recommender struct {
	ranker  *Ranker
	vectors func(id string) []float32
	opt     Options
}

// NewRecommender returns a Recommender that finds paper vectors with
// vectors (nil, or a func returning nil: keywords only).
func NewRecommender(vectors func(id string) []float32, opt Options) *Recommender {
	return &Recommender{ranker: NewRanker(), vectors: vectors, opt: opt}
}

// Recommend orders cands for a reader who liked likes, best first, leaving
// out the likes themselves; each of the first papers says which like it is
// closest to. It takes a context for symmetry with other services; ranking
// a month of papers takes tens of milliseconds.
func (r *Recommender) Recommend(ctx context.Context, likes, cands []*paperwire.Paper) ([]Ranked, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.ranker.Rank(r.papers(likes), r.papers(cands), r.opt), nil
}

func (r *Recommender) papers(ps []*paperwire.Paper) []Paper {
	out := make([]Paper, len(ps))
	for i, p := range ps {
		out[i] = Paper{ID: p.ID, Title: p.Title, Abstract: p.Abstract, Categories: p.Categories}
		if r.vectors != nil {
			out[i].Vec = r.vectors(p.ID)
		}
	}
	return out
}

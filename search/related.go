package search

import (
	"context"

	"github.com/paperwire/paperwire"
)

// relatedDepth is how many neighbours each side offers related papers when
// the vector side searches on its own; relatedRerankDepth is how many of the
// lexical neighbours the vectors re-score when they can score given ids.
const (
	relatedDepth       = 100
	relatedRerankDepth = 1000
)

// Related returns up to k papers related to p, best first: lexical "more
// like this" over its title and abstract, fused with its vector neighbours
// when a semantic layer is present. p itself is never among them.
//
// With Fusion.Rerank and a vector index that scores given ids, the vectors
// re-score the lexical top 1,000 instead of scanning every vector, as hybrid
// search does: the cost then stays flat as the corpus grows (a full scan is
// about 140 ms at a million 300-d vectors).
func (e *Engine) Related(ctx context.Context, p *paperwire.Paper, k int) ([]Hit, error) {
	if k <= 0 {
		k = DefaultLimit
	}
	ix := e.lex.Index()
	cs, rerank := e.sem.scorer(e.fusion)
	depth := max(relatedDepth, k)
	if rerank {
		depth = max(relatedRerankDepth, k)
	}
	lex := ix.MoreLikeThis(p.Title, p.Abstract, depth, p.ID)
	if e.sem == nil {
		return lex[:min(k, len(lex))], nil
	}
	var vec []float32
	if vl, isLookup := e.sem.Vectors.(VectorLookup); isLookup {
		vec = vl.Vector(p.ID)
	}
	if vec == nil {
		v, err := e.embed(ctx, p.Title+"\n"+p.Abstract)
		if err != nil {
			e.log.Warn("related: embedding failed, using lexical neighbours", "id", p.ID, "err", err)
			return lex[:min(k, len(lex))], nil
		}
		vec = v
	}
	ls := make([]Scored, len(lex))
	for i, h := range lex {
		ls[i] = Scored{h.ID, h.Score}
	}
	var sem []Scored
	var err error
	if rerank {
		sem, err = scoreCandidates(cs, vec, ls)
	} else {
		sem, err = e.sem.Vectors.Search(vec, depth+1, func(id string) bool { return id != p.ID })
	}
	if err != nil {
		e.log.Warn("related: vector search failed, using lexical neighbours", "id", p.ID, "err", err)
		return lex[:min(k, len(lex))], nil
	}
	return e.page(ix, Fuse(e.fusion, ls, sem), 0, k, 0, nil).Hits, nil
}

// scorer returns the vector index as a CandidateScorer when fusion re-ranks
// and the index can score given ids.
func (s *Semantic) scorer(f Fusion) (CandidateScorer, bool) {
	if s == nil || !f.Rerank {
		return nil, false
	}
	cs, ok := s.Vectors.(CandidateScorer)
	return cs, ok
}

package search

import (
	"context"

	"github.com/paperwire/paperwire"
)

// relatedDepth is how many neighbours each side offers related papers.
const relatedDepth = 100

// Related returns up to k papers related to p, best first: lexical "more
// like this" over its title and abstract, fused with its vector neighbours
// when a semantic layer is present. p itself is never among them.
func (e *Engine) Related(ctx context.Context, p *paperwire.Paper, k int) ([]Hit, error) {
	if k <= 0 {
		k = DefaultLimit
	}
	ix := e.lex.Index()
	depth := max(relatedDepth, k)
	lex := ix.MoreLikeThis(p.Title, p.Abstract, depth, p.ID)
	if e.sem == nil {
		if len(lex) > k {
			lex = lex[:k]
		}
		return lex, nil
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
	sem, err := e.sem.Vectors.Search(vec, depth+1, func(id string) bool { return id != p.ID })
	if err != nil {
		e.log.Warn("related: vector search failed, using lexical neighbours", "id", p.ID, "err", err)
		return lex[:min(k, len(lex))], nil
	}
	ls := make([]Scored, len(lex))
	for i, h := range lex {
		ls[i] = Scored{h.ID, h.Score}
	}
	return e.page(ix, Fuse(e.fusion, ls, sem), 0, k, 0, nil).Hits, nil
}

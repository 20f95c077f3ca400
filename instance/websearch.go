package instance

import (
	"context"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
	"github.com/paperwire/paperwire/web"
)

// WebSearcher is the search the web layer asks for (web.Searcher) over the
// instance's engine and store, which web itself knows nothing of. Call it
// after OpenSearch.
func (in *Instance) WebSearcher() web.Searcher {
	return webSearcher{engine: in.engine, papers: in.Papers}
}

// webSearcher adapts the search engine to what the web layer asks of it:
// hits become full papers from the store (the web layer highlights them).
type webSearcher struct {
	engine *search.Engine
	papers paperReader
}

// paperReader reads papers one at a time, a page at a time, or a page of
// search hits with what their cards show (the store).
type paperReader interface {
	Paper(ctx context.Context, id string) (*paperwire.Paper, error)
	PapersByID(ctx context.Context, ids []string) ([]*paperwire.Paper, error)
	PaperCardsByID(ctx context.Context, ids []string) ([]*paperwire.Paper, error)
}

func (s webSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	q := query.Parse(req.Query)
	res, err := s.engine.Search(ctx, search.Request{Query: q, Limit: req.Limit, Offset: req.Offset, Facets: req.Facets, TopOnly: req.TopOnly}, "")
	if err != nil {
		return nil, err
	}
	out := &web.SearchResults{Total: res.Total}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	// A hit indexed a moment before the store answered is left out; rare and
	// harmless. A hit shows as a card (the page) or the API's paper object:
	// the papers hold those fields only.
	papers, err := s.papers.PaperCardsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	score := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		score[h.ID] = h.Score
	}
	for _, p := range papers {
		out.Hits = append(out.Hits, web.SearchHit{Paper: p, Score: score[p.ID]})
	}
	if res.Facets != nil {
		for _, c := range res.Facets.Categories {
			out.Categories = append(out.Categories, paperwire.CategoryCount{Category: c.Value, Count: c.Count})
		}
		for _, y := range res.Facets.Years {
			out.Years = append(out.Years, web.YearCount{Year: y.Value, Count: y.Count})
		}
	}
	return out, nil
}

func (s webSearcher) Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error) {
	p, err := s.papers.Paper(ctx, id)
	if err != nil {
		return nil, err
	}
	hits, err := s.engine.Related(ctx, p, limit)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return s.papers.PapersByID(ctx, ids)
}

package instance

import (
	"context"
	"strings"

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
// hits become full papers from the store, with highlighted title and snippet.
type webSearcher struct {
	engine *search.Engine
	papers paperReader
}

// paperReader reads papers one at a time or a page at a time (the store).
type paperReader interface {
	Paper(ctx context.Context, id string) (*paperwire.Paper, error)
	PapersByID(ctx context.Context, ids []string) ([]*paperwire.Paper, error)
}

// snippetLen is about how many bytes of abstract a result shows.
const snippetLen = 320

func (s webSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	q := query.Parse(req.Query)
	res, err := s.engine.Search(ctx, search.Request{Query: q, Limit: req.Limit, Offset: req.Offset, Facets: req.Facets}, "")
	if err != nil {
		return nil, err
	}
	out := &web.SearchResults{Total: res.Total}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	// A hit indexed a moment before the store answered is left out; rare and harmless.
	papers, err := s.papers.PapersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	hl := s.engine.Index().Highlighter(q)
	defer hl.Close()
	score := make(map[string]float64, len(res.Hits))
	for _, h := range res.Hits {
		score[h.ID] = h.Score
	}
	for _, p := range papers {
		snippet, marks := excerpt(p.Abstract, hl.Spans, snippetLen)
		out.Hits = append(out.Hits, web.SearchHit{
			Paper:   p,
			Score:   score[p.ID],
			Title:   spans(p.Title, hl.Spans(p.Title)),
			Snippet: spans(snippet, marks),
		})
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

// spans splits text into highlighted and plain pieces.
func spans(text string, hl []search.Span) []web.Span {
	var out []web.Span
	last := 0
	for _, s := range hl {
		if s.Start < last || s.End > len(text) || s.Start >= s.End {
			continue
		}
		if s.Start > last {
			out = append(out, web.Span{Text: text[last:s.Start]})
		}
		out = append(out, web.Span{Text: text[s.Start:s.End], Match: true})
		last = s.End
	}
	if last < len(text) {
		out = append(out, web.Span{Text: text[last:]})
	}
	return out
}

// excerpt returns about n bytes of text around its first highlighted word,
// cut at spaces (so never inside a UTF-8 sequence) and marked with "…", with
// the highlighted spans inside it. White space is collapsed first, so the
// text is analysed once and the spans are found in the text that is cut.
func excerpt(text string, highlight func(string) []search.Span, n int) (string, []search.Span) {
	text = strings.Join(strings.Fields(text), " ")
	hl := highlight(text)
	if len(text) <= n {
		return text, hl
	}
	start := 0
	if len(hl) > 0 && hl[0].Start > n/3 {
		start = hl[0].Start - n/4
		if i := strings.IndexByte(text[start:], ' '); i >= 0 {
			start += i + 1
		}
	}
	end := min(start+n, len(text))
	if end < len(text) {
		if i := strings.LastIndexByte(text[start:end], ' '); i > 0 {
			end = start + i
		}
	}
	out, shift := text[start:end], -start
	if start > 0 {
		out, shift = "…"+out, shift+len("…")
	}
	if end < len(text) {
		out += "…"
	}
	var marks []search.Span
	for _, s := range hl {
		if s.Start >= start && s.End <= end {
			marks = append(marks, search.Span{Start: s.Start + shift, End: s.End + shift})
		}
	}
	return out, marks
}

package web

import (
	"net/http"
	"strings"
)

// searchPage is the /search results page.
type searchPage struct {
	Page
	Asked     bool // a query was given
	Available bool // a Searcher is configured
	Message   string
	Total     int
	Cards     []card
	Pager     pager
}

// searchShow answers /search?q=&p=. Without a Searcher it still renders the
// box and says search is not available, with status 503.
func (s *Server) searchShow(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	q = cutText(q, maxQueryLen)
	p := searchPage{Page: s.page(r, "Search"), Asked: q != "", Available: s.searcher != nil}
	p.Section, p.Query = "search", q
	if q != "" {
		p.Title = q + " · Search"
	}
	if s.searcher == nil {
		noteError(r, errSearchUnavailable)
		p.Message = "Search is not available on this server yet. Browse the daily lists in the meantime."
		s.render(w, r, http.StatusServiceUnavailable, "search", p)
		return
	}
	if q == "" {
		s.render(w, r, http.StatusOK, "search", p)
		return
	}
	lp, err := parseListParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.searcher.Search(r.Context(), SearchRequest{Query: q, Offset: (lp.Page - 1) * s.pageSize, Limit: s.pageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Total = res.Total
	for _, h := range res.Hits {
		if h.Paper == nil {
			continue
		}
		c := cardOf(h.Paper)
		c.TitleSpans, c.Snippet = h.Title, h.Snippet
		p.Cards = append(p.Cards, c)
	}
	p.Pager = pager{Page: lp.Page, Pages: (res.Total + s.pageSize - 1) / s.pageSize, Total: res.Total}
	if len(p.Cards) > 0 {
		p.Pager.From = (lp.Page-1)*s.pageSize + 1
		p.Pager.To = p.Pager.From + len(p.Cards) - 1
	}
	base := "/search?q=" + urlQueryEscape(q)
	if lp.Page > 1 {
		p.Pager.Prev = base + pageSuffix(lp.Page-1)
	}
	if lp.Page < p.Pager.Pages {
		p.Pager.Next = base + pageSuffix(lp.Page+1)
	}
	s.render(w, r, http.StatusOK, "search", p)
}

package web

import (
	"fmt"
	"net/http"
	"strings"
)

// searchPage is the /search results page.
type searchPage struct {
	Page
	Asked     bool // a query was given
	Available bool // a Searcher is configured
	Message   string
	Notice    string // the query was clipped to the limits (clipQuery)
	Total     int
	Cards     []card
	Pager     pager
	// Facets narrow the search: each link adds a cat: or year: filter to the query.
	CategoryFacets []facetLink
	YearFacets     []facetLink
}

// facetLink is one facet value with its count and the search that selects it.
type facetLink struct {
	Label string
	Count int
	URL   string
}

// maxFacets bounds how many values of one facet the page lists.
const maxFacets = 12

// facetLinks turns facet counts into links that add "field:value" to q.
func facetLinks(q, field string, values []string, counts []int) []facetLink {
	var out []facetLink
	for i, v := range values {
		if len(out) == maxFacets {
			break
		}
		filter := field + ":" + v
		if strings.Contains(" "+q+" ", " "+filter+" ") {
			continue // already applied
		}
		out = append(out, facetLink{Label: v, Count: counts[i], URL: "/search?q=" + urlQueryEscape(q+" "+filter)})
	}
	return out
}

// searchShow answers /search?q=&p=. Without a Searcher it still renders the
// box and says search is not available, with status 503.
func (s *Server) searchShow(w http.ResponseWriter, r *http.Request) {
	q, clipped := clipQuery(strings.TrimSpace(r.URL.Query().Get("q")))
	p := searchPage{Page: s.page(r, "Search"), Asked: q != "", Available: s.searcher != nil}
	p.Section, p.Query = "search", q
	if clipped {
		p.Notice = fmt.Sprintf("Your search was too long; only its first %d words (%d bytes at most) were searched.", maxQueryTerms, maxQueryLen)
	}
	if q != "" {
		p.Title = q + " · Search"
		if s.searcher != nil {
			p.Feeds = feedLinks("Search: "+q, "/search", "?q="+urlQueryEscape(q))
		}
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
	res, err := s.search(r.Context(), SearchRequest{Query: q, Offset: (lp.Page - 1) * s.pageSize, Limit: s.pageSize, Facets: true})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Total = res.Total
	if res.Total > 0 {
		var cats, years []string
		var catN, yearN []int
		for _, c := range res.Categories {
			cats, catN = append(cats, c.Category), append(catN, c.Count)
		}
		for _, y := range res.Years {
			years, yearN = append(years, y.Year), append(yearN, y.Count)
		}
		p.CategoryFacets = facetLinks(q, "cat", cats, catN)
		p.YearFacets = facetLinks(q, "year", years, yearN)
	}
	hl := newHighlighter(q)
	defer hl.close()
	for _, h := range res.Hits {
		if h.Paper == nil {
			continue
		}
		c := cardOf(h.Paper)
		c.TitleSpans, c.Snippet = h.Title, h.Snippet
		if c.TitleSpans == nil {
			c.TitleSpans, c.Snippet = hl.title(h.Paper.Title), hl.snippet(h.Paper.Abstract)
		}
		p.Cards = append(p.Cards, c)
	}
	s.markVotes(r, "/search?q="+urlQueryEscape(q)+pageSuffix(lp.Page), p.Cards)
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

package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// trendingPage is /papers/trending: the papers of the last
// TrendingWindow with upvotes, highest trending score first.
type trendingPage struct {
	Page
	Days     int // the window, in days
	Gravity  float64
	Category string
	AllURL   string // without the category filter
	Cards    []card
	Pager    pager
}

// trendingShow answers /papers/trending?cat=&p=. The score decays with age
// (paperwire.TrendingScore), so it is computed at the server's "now" and
// the page is cached only as long as any other list.
func (s *Server) trendingShow(w http.ResponseWriter, r *http.Request) {
	const base = "/papers/trending"
	lp, err := parseListParams(r.URL.Query())
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Trending papers", URL: base})
		return
	}
	papers, total, err := s.papers.Papers(r.Context(), paperwire.PaperFilter{
		Sort: paperwire.SortTrending, Category: lp.Category, Now: s.now(),
		Offset: (lp.Page - 1) * s.pageSize, Limit: s.pageSize,
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	own := listParams{Category: lp.Category, Page: lp.Page} // sort and list mean nothing here
	p := trendingPage{
		Page:     s.page(r, "Trending papers"),
		Days:     int(paperwire.TrendingWindow.Hours() / 24),
		Gravity:  paperwire.TrendingGravity,
		Category: lp.Category,
		AllURL:   base,
		Pager:    pager{Page: lp.Page, Pages: (total + s.pageSize - 1) / s.pageSize, Total: total},
	}
	p.Section = "trending"
	p.Feeds = feedLinks(p.Title, base, listParams{Category: lp.Category, Page: 1}.url(""))
	if lp.Page > 1 && lp.Page > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d: this list has %s.", lp.Page, plural(p.Pager.Pages, "page")),
			navLink{Label: "First page", URL: base})
		return
	}
	for _, pp := range papers {
		c := cardOf(pp)
		if c.Category != "" {
			c.CategoryURL = listParams{Category: c.Category, Page: 1}.url(base)
		}
		p.Cards = append(p.Cards, c)
	}
	s.markVotes(r, own.url(base), p.Cards)
	if len(p.Cards) > 0 {
		p.Pager.From = (lp.Page-1)*s.pageSize + 1
		p.Pager.To = p.Pager.From + len(p.Cards) - 1
	}
	if lp.Page > 1 {
		prev := own
		prev.Page--
		p.Pager.Prev = prev.url(base)
	}
	if lp.Page < p.Pager.Pages {
		next := own
		next.Page++
		p.Pager.Next = next.url(base)
	}
	s.render(w, r, http.StatusOK, "trending", p)
}

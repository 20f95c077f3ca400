package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// feedBuilder finds what one page's feed holds, or the error its page
// would answer (so a bad period is a 400 in both, a missing search 503).
type feedBuilder func(r *http.Request) (*feedDoc, error)

// feedRoutes registers the Atom and RSS twin of every list page:
//
//	/feed.atom                          the home page's list (the latest day)
//	/papers/date/{date}/feed.atom       a day, week or month, with the page's
//	/papers/week/{week}/feed.atom       ?list=picks|all, ?cat= and ?sort=
//	/papers/month/{month}/feed.atom
//	/papers/trending/feed.atom          with ?cat=
//	/search/feed.atom?q=…               the query as typed, filters and all
//
// and the same with feed.rss, plus /opensearch.xml.
//
// Feeds pass through the page cache only when Config.BaseURL is set: their
// links are absolute, and without BaseURL the host comes from the request,
// which must never be served from the cache to a request for another host.
func (s *Server) feedRoutes(mux *http.ServeMux) {
	c := s.cache.wrap
	if s.baseURL == "" {
		c = func(h http.HandlerFunc) http.HandlerFunc { return h }
	}
	for _, f := range feedFormats {
		feed := func(page string, build feedBuilder) {
			mux.HandleFunc("GET "+feedPath(page, f), c(s.feedShow(f, build)))
		}
		feed("/", s.homeFeed)
		feed("/papers/date/{date}", s.periodFeed(paperwire.PeriodDay, "date"))
		feed("/papers/week/{week}", s.periodFeed(paperwire.PeriodWeek, "week"))
		feed("/papers/month/{month}", s.periodFeed(paperwire.PeriodMonth, "month"))
		feed("/papers/trending", s.trendingFeed)
		feed("/search", s.searchFeed)
	}
	mux.HandleFunc("GET /opensearch.xml", s.openSearchShow)
}

// feedShow answers one feed in format f.
func (s *Server) feedShow(f feedFormat, build feedBuilder) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := build(r)
		if err != nil {
			s.fail(w, r, err, navLink{Label: "Latest papers", URL: "/"})
			return
		}
		s.writeFeed(w, r, f, d)
	}
}

// homeFeed follows "/": the latest day's list, titled without its date
// because its subscribers follow the home page, not one day.
func (s *Server) homeFeed(r *http.Request) (*feedDoc, error) {
	day, ok, err := s.latestDay(r.Context())
	if err != nil {
		return nil, err
	}
	if !ok {
		return &feedDoc{Title: "Daily Papers · Paperwire", Page: "/"}, nil
	}
	return s.listFeed(r, dayPeriod(day), "/", headings[paperwire.PeriodDay])
}

// periodFeed follows /papers/{kind}/{value}.
func (s *Server) periodFeed(kind, param string) feedBuilder {
	return func(r *http.Request) (*feedDoc, error) {
		per, err := paperwire.ParsePeriod(kind, r.PathValue(param))
		if err != nil {
			return nil, err
		}
		return s.listFeed(r, per, periodURL(per), headings[per.Kind]+" · "+per.Label())
	}
}

// listFeed is the first feedSize papers of per's list as the page at page
// shows them: the same list= rule (chooseList), category and sort. name
// is the feed's title before the category and the list.
func (s *Server) listFeed(r *http.Request, per paperwire.Period, page, name string) (*feedDoc, error) {
	lp, err := parseListParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	choice, err := s.chooseList(ctx, per, lp.List)
	if err != nil {
		return nil, err
	}
	papers, _, err := s.papers.Papers(ctx, paperwire.PaperFilter{
		From: per.Start, To: per.End, Category: lp.Category, Sort: lp.Sort, Picks: choice.Picks, Now: s.now(),
		Limit: feedSize,
	})
	if err != nil {
		return nil, err
	}
	kept := lp
	kept.Page = 1
	which, desc := "All papers", "Every paper arXiv announced"
	if choice.Picks {
		which, desc = "Community picks", "The papers people submitted"
	}
	d := &feedDoc{
		Title:       name + feedTitleCategory(lp.Category) + " · " + which + " · Paperwire",
		Description: desc + " on " + per.Label() + feedCategory(lp.Category) + ".",
		Page:        page,
		Query:       kept.url(""),
		Papers:      papers,
	}
	return d, nil
}

func feedTitleCategory(category string) string {
	if category == "" {
		return ""
	}
	return " · " + category
}

func feedCategory(category string) string {
	if category == "" {
		return ""
	}
	return " in " + category
}

// trendingFeed follows /papers/trending?cat=.
func (s *Server) trendingFeed(r *http.Request) (*feedDoc, error) {
	lp, err := parseListParams(r.URL.Query())
	if err != nil {
		return nil, err
	}
	papers, _, err := s.papers.Papers(r.Context(), paperwire.PaperFilter{
		Sort: paperwire.SortTrending, Category: lp.Category, Now: s.now(), Limit: feedSize,
	})
	if err != nil {
		return nil, err
	}
	return &feedDoc{
		Title:       "Trending papers" + feedTitleCategory(lp.Category) + " · Paperwire",
		Description: "The most upvoted papers of the last days, decayed with age" + feedCategory(lp.Category) + ".",
		Page:        "/papers/trending",
		Query:       listParams{Category: lp.Category, Page: 1}.url(""),
		Papers:      papers,
	}, nil
}

// searchFeed follows /search?q=: the query is kept exactly as typed (its
// cat:, year:, author:, sort: filters live in it), cut like the page's.
func (s *Server) searchFeed(r *http.Request) (*feedDoc, error) {
	q := cutText(strings.TrimSpace(r.URL.Query().Get("q")), maxQueryLen)
	if q == "" {
		return nil, paperwire.Errorf(paperwire.EINVALID, "A search feed needs a query: /search/feed.atom?q=….")
	}
	if s.searcher == nil {
		return nil, errSearchUnavailable
	}
	res, err := s.search(r.Context(), SearchRequest{Query: q, Limit: feedSize, TopOnly: true})
	if err != nil {
		return nil, err
	}
	d := &feedDoc{
		Title:       "Search: " + q + " · Paperwire",
		Description: "Papers matching " + q + ", best first.",
		Page:        "/search",
		Query:       "?q=" + urlQueryEscape(q),
	}
	for _, h := range res.Hits {
		if h.Paper != nil {
			d.Papers = append(d.Papers, h.Paper)
		}
	}
	return d, nil
}

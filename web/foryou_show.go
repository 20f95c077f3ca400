package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/foryou"
)

// forYouPage is /papers/for-you: the recent papers ranked for the viewer.
type forYouPage struct {
	Page
	Range      forYouRange
	Views      []navLink // day / week / month
	Visitor    bool      // signed out: the page invites them to sign in
	NoLikes    bool      // signed in with nothing liked yet
	Candidates int
	From, To   string // the days ranked, as dates people read
	Items      []forYouItem
	Pager      pager
	FeedURL    string // where the feed is managed; "" when feeds are off
}

// forYouItem is a card and why it is there.
type forYouItem struct {
	Card         card
	BecauseTitle string // the liked paper it is closest to
	BecauseURL   string
	How          string // "upvoted"
}

// forYouShow answers /papers/for-you?range=day|week|month&p=. It is never
// cached as a page: it is the viewer's own (its ranking is, in forYouCache).
func (s *Server) forYouShow(w http.ResponseWriter, r *http.Request) {
	const base = "/papers/for-you"
	q := r.URL.Query()
	rng, err := parseForYouRange(q.Get("range"))
	if err != nil {
		s.fail(w, r, err, navLink{Label: "For you", URL: base})
		return
	}
	pageNum, err := parsePage(q.Get("p"))
	if err != nil {
		s.fail(w, r, err, navLink{Label: "For you", URL: base})
		return
	}
	p := forYouPage{Page: s.page(r, "For you"), Range: rng}
	p.Section = "foryou"
	self := func(key string, page int) string {
		v := url.Values{}
		if key != defaultForYouRange {
			v.Set("range", key)
		}
		if page > 1 {
			v.Set("p", strconv.Itoa(page))
		}
		if len(v) == 0 {
			return base
		}
		return base + "?" + v.Encode()
	}
	for _, x := range forYouRanges {
		p.Views = append(p.Views, navLink{Label: x.Label, URL: self(x.Key, 1), Current: x.Key == rng.Key})
	}
	u := Viewer(r)
	if u == nil {
		p.Visitor = true
		s.render(w, r, http.StatusOK, "foryou", p)
		return
	}
	noStore(w)
	if s.feedTokens != nil {
		p.FeedURL = "/settings#foryou-feed"
	}
	ctx := r.Context()
	likes, err := s.likesOf(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.NoLikes = len(likes) == 0
	l, err := s.forYou(ctx, u.ID, rng, likes)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Candidates = l.Candidates
	if !l.From.IsZero() {
		p.From, p.To = formatDate(l.From), formatDate(l.To.AddDate(0, 0, -1))
	}
	p.Pager = pager{Page: pageNum, Pages: (len(l.IDs) + s.pageSize - 1) / s.pageSize, Total: len(l.IDs)}
	if pageNum > 1 && pageNum > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d: this list has %s.", pageNum, plural(p.Pager.Pages, "page")),
			navLink{Label: "First page", URL: self(rng.Key, 1)})
		return
	}
	from := (pageNum - 1) * s.pageSize
	papers, err := s.papers.PapersByID(ctx, l.IDs[from:min(from+s.pageSize, len(l.IDs))])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	byID := foryou.ByID(likes)
	cards := make([]card, len(papers))
	for i, pp := range papers {
		cards[i] = cardOf(pp)
	}
	s.markVotes(r, self(rng.Key, pageNum), cards)
	for _, c := range cards {
		it := forYouItem{Card: c}
		if lk, ok := byID[l.Because[c.ID]]; ok {
			it.BecauseTitle, it.BecauseURL, it.How = lk.Paper.Title, paperURL(lk.Paper.ID), lk.How
		}
		p.Items = append(p.Items, it)
	}
	if len(p.Items) > 0 {
		p.Pager.From, p.Pager.To = from+1, from+len(p.Items)
	}
	if pageNum > 1 {
		p.Pager.Prev = self(rng.Key, pageNum-1)
	}
	if pageNum < p.Pager.Pages {
		p.Pager.Next = self(rng.Key, pageNum+1)
	}
	s.render(w, r, http.StatusOK, "foryou", p)
}

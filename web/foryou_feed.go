package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/foryou"
)

// maxFeedToken bounds the token a feed request may carry; a real one is 36 bytes.
const maxFeedToken = 128

// errNoFeed answers every feed request without a valid token alike: an
// unknown, revoked or missing token, or a disabled account's. Which of
// them it was is not said, so tokens cannot be probed.
var errNoFeed = paperwire.Errorf(paperwire.ENOTFOUND, "There is no such feed. If it was yours, make a new feed URL in your settings.")

// forYouFeed answers /papers/for-you/feed.atom|rss?token=…&range=: the
// token's owner's For-you list, the first feedSize papers. The token is
// the only key: the feed does not look at who is signed in, so it shows
// the list of whoever the token belongs to, and nobody else's.
func (s *Server) forYouFeed(f feedFormat) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		token := q.Get("token")
		if token == "" || len(token) > maxFeedToken {
			s.fail(w, r, errNoFeed)
			return
		}
		ctx := r.Context()
		u, err := s.feedTokens.FeedTokenUser(ctx, auth.Hash(token))
		if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			err = errNoFeed
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rng, err := parseForYouRange(q.Get("range"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		likes, err := s.likesOf(ctx, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		l, err := s.forYou(ctx, u.ID, rng, likes)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		papers, err := s.papers.PapersByID(ctx, l.IDs[:min(feedSize, len(l.IDs))])
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d := &feedDoc{
			Title:       "For you · " + u.Name + " · Paperwire",
			Description: "Recent papers ranked by what " + u.Name + " upvoted, collected and wrote.",
			Page:        "/papers/for-you",
			Papers:      papers,
			Reasons:     map[string]feedReason{},
		}
		byID := foryou.ByID(likes)
		for _, p := range papers {
			if lk, ok := byID[l.Because[p.ID]]; ok {
				d.Reasons[p.ID] = feedReason{PaperID: lk.Paper.ID, Title: lk.Paper.Title, How: lk.How}
			}
		}
		if rng.Key != defaultForYouRange {
			d.Query = "?range=" + rng.Key
		}
		s.writeFeed(privateResponse{w}, r, f, d)
	}
}

// privateResponse marks a response as one person's: shared caches (a
// proxy, a CDN) must not keep it, whatever the handler set.
type privateResponse struct{ http.ResponseWriter }

func (p privateResponse) WriteHeader(code int) {
	h := p.Header()
	h.Set("Cache-Control", "private, max-age=300")
	h.Del("Access-Control-Allow-Origin")
	h.Set("Referrer-Policy", "no-referrer")
	p.ResponseWriter.WriteHeader(code)
}

// forYouFeedCreate makes the viewer's feed URL, replacing (revoking) any
// earlier one, and shows it once on the page this POST answers: the store
// keeps only the token's hash, so it cannot be shown again. Lost, it is
// made anew.
func (s *Server) forYouFeedCreate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	token, hash := auth.NewFeedToken()
	if err := s.feedTokens.SetFeedToken(r.Context(), u.ID, hash); err != nil {
		s.settingsFail(w, r, u, "foryou-feed", err)
		return
	}
	p, err := s.newSettingsPage(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.NewFeedURL = s.absBase(r) + feedPath("/papers/for-you", formatAtom) + "?token=" + token
	p.NewFeedRSS = s.absBase(r) + feedPath("/papers/for-you", formatRSS) + "?token=" + token
	noStore(w)
	s.render(w, r, http.StatusOK, "settings", p)
}

// forYouFeedRevoke ends the viewer's feed URL. It can only ever touch the
// viewer's own: the store deletes by the signed-in user's id.
func (s *Server) forYouFeedRevoke(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	if err := s.feedTokens.DeleteFeedToken(r.Context(), u.ID); err != nil {
		s.settingsFail(w, r, u, "foryou-feed", err)
		return
	}
	http.Redirect(w, r, "/settings?done=feed-off", http.StatusSeeOther)
}

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// Papers of two topics for the For-you tests: one liked earlier, three new
// on the latest day, for each topic.
var (
	proteinLiked = "2606.80001"
	speechLiked  = "2606.80002"
	proteinNew   = []string{"2607.80001", "2607.80002", "2607.80003"}
	speechNew    = []string{"2607.80011", "2607.80012", "2607.80013"}
)

func topicPapers() []*paperwire.Paper {
	mk := func(id, title, abstract, cat, listed string) *paperwire.Paper {
		return &paperwire.Paper{ID: id, Title: title, Abstract: abstract, Authors: []string{"T. Author"},
			Categories: []string{cat}, ListedOn: day(listed)}
	}
	protein := "Protein folding and protein structure prediction from amino acid sequences with residue contact maps."
	speech := "Speech recognition of spoken audio with acoustic models, phoneme transducers and speaker adaptation."
	return []*paperwire.Paper{
		mk(proteinLiked, "Predicting protein folding from amino acid sequences", protein, "q-bio.BM", "2026-06-26"),
		mk(speechLiked, "Streaming speech recognition with transducers", speech, "eess.AS", "2026-06-26"),
		mk(proteinNew[0], "Protein structure prediction with contact maps", protein, "q-bio.BM", "2026-07-01"),
		mk(proteinNew[1], "Folding proteins: amino acid residue contacts", protein, "q-bio.BM", "2026-07-01"),
		mk(proteinNew[2], "Protein folding kinetics from sequences", protein, "q-bio.BM", "2026-07-01"),
		mk(speechNew[0], "Speaker adaptation for speech recognition", speech, "eess.AS", "2026-07-01"),
		mk(speechNew[1], "Phoneme transducers for spoken audio", speech, "eess.AS", "2026-07-01"),
		mk(speechNew[2], "Acoustic models of speech recognition", speech, "eess.AS", "2026-07-01"),
	}
}

// forYouSite is a paperSite with the topic papers and For-you feeds on.
func forYouSite(t *testing.T, db *store.DB) *paperSite {
	t.Helper()
	users := store.NewUserStore(db)
	site := newPaperSite(t, db, func(c *web.Config) { c.FeedTokens = users })
	if _, err := site.papers.UpsertPapers(context.Background(), topicPapers()); err != nil {
		t.Fatal(err)
	}
	return site
}

// TestForYouFollowsUpvotes: the page ranks the recent papers by what the
// viewer upvoted, says which upvote each is like, and changes as soon as
// the upvotes do; visitors and members without upvotes get their own page.
func TestForYouFollowsUpvotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := forYouSite(t, db)
		w := site.visit("/papers/for-you")
		wantStatus(t, w, http.StatusOK)
		if body := w.Body.String(); !strings.Contains(body, "Sign in to see papers picked for you") || len(cardIDs(body)) != 0 {
			t.Fatalf("visitor's page has no invitation, or has cards:\n%s", clip(body))
		}

		ada, bob := site.member("ada"), site.member("bob")
		if body := ada.page("/papers/for-you").Body.String(); !strings.Contains(body, "Nothing to go on yet") {
			t.Fatalf("no empty state without upvotes:\n%s", clip(body))
		}

		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+proteinLiked+"/upvote", ""), http.StatusOK)
		w = ada.page("/papers/for-you")
		wantStatus(t, w, http.StatusOK)
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control = %q; a personal page must not be stored", cc)
		}
		body := w.Body.String()
		ids := cardIDs(body)
		if len(ids) < 3 || !sameSet(ids[:3], proteinNew) {
			t.Fatalf("after a protein upvote the first cards are %v; want %v first", ids, proteinNew)
		}
		if slices.Contains(ids, proteinLiked) {
			t.Errorf("the upvoted paper itself is in the list")
		}
		if !strings.Contains(body, `Like <a href="/papers/`+proteinLiked+`">Predicting protein folding from amino acid sequences</a> that you upvoted`) {
			t.Errorf("no explanation naming the upvote:\n%s", clip(body))
		}
		if body := bob.page("/papers/for-you").Body.String(); !strings.Contains(body, "Nothing to go on yet") || len(cardIDs(body)) != 0 {
			t.Errorf("bob sees a list made from ada's upvotes:\n%s", clip(body))
		}

		// Taste changes: the ranking follows at once (the cache is keyed on the likes).
		wantStatus(t, ada.api(http.MethodDelete, "/api/papers/"+proteinLiked+"/upvote", ""), http.StatusOK)
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+speechLiked+"/upvote", ""), http.StatusOK)
		ids = cardIDs(ada.page("/papers/for-you").Body.String())
		if len(ids) < 3 || !sameSet(ids[:3], speechNew) {
			t.Fatalf("after switching to a speech upvote the first cards are %v; want %v first", ids, speechNew)
		}

		// Day, week and month tabs all work; the day holds only the latest day.
		for _, rng := range []string{"day", "week", "month"} {
			w := ada.page("/papers/for-you?range=" + rng)
			wantStatus(t, w, http.StatusOK)
			if ids := cardIDs(w.Body.String()); len(ids) < 3 || !sameSet(ids[:3], speechNew) {
				t.Errorf("range %s: first cards %v", rng, ids)
			}
		}
		wantStatus(t, ada.page("/papers/for-you?range=year"), http.StatusBadRequest)
		wantStatus(t, ada.page("/papers/for-you?p=99"), http.StatusNotFound)
	})
}

// TestForYouEscapesTitles: a hostile title of an upvoted paper is shown as
// text in the explanation.
func TestForYouEscapesTitles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := forYouSite(t, db)
		eve := site.member("eve")
		wantStatus(t, eve.api(http.MethodPost, "/api/papers/2607.00001/upvote", ""), http.StatusOK) // the <script> title
		body := eve.page("/papers/for-you?range=month").Body.String()
		if strings.Contains(body, `<script>alert("t")</script>`) || strings.Contains(body, "<img src=x") {
			t.Fatalf("markup from a title reached the page:\n%s", clip(body))
		}
		if !strings.Contains(body, `that you upvoted`) || !strings.Contains(body, `&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Attention`) {
			t.Fatalf("no escaped explanation:\n%s", clip(body))
		}
	})
}

var feedURLRe = regexp.MustCompile(`<code class="feed-url">([^<]+)</code>`)

// makeFeed posts the settings form that makes m's feed URL and returns it.
func makeFeed(t *testing.T, m *member) string {
	t.Helper()
	w := m.post("/settings/foryou-feed", url.Values{})
	wantStatus(t, w, http.StatusOK)
	match := feedURLRe.FindStringSubmatch(w.Body.String())
	if match == nil {
		t.Fatalf("no feed URL on the page:\n%s", clip(w.Body.String()))
	}
	u, err := url.Parse(strings.ReplaceAll(match[1], "&amp;", "&"))
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

func feedOf(t *testing.T, w *httptest.ResponseRecorder) *gofeed.Feed {
	t.Helper()
	wantStatus(t, w, http.StatusOK)
	f, err := gofeed.NewParser().ParseString(w.Body.String())
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, clip(w.Body.String()))
	}
	return f
}

// TestForYouFeed: the feed at the secret URL lists its owner's For-you
// papers, is private to caches, answers 304 when unchanged, and is a 404
// without a valid token: missing, wrong, replaced or revoked. Another
// user's token shows their list, never the owner's.
func TestForYouFeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := forYouSite(t, db)
		ada, bob := site.member("ada"), site.member("bob")
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+proteinLiked+"/upvote", ""), http.StatusOK)
		wantStatus(t, bob.api(http.MethodPost, "/api/papers/"+speechLiked+"/upvote", ""), http.StatusOK)
		adaFeed, bobFeed := makeFeed(t, ada), makeFeed(t, bob)
		if !strings.HasPrefix(adaFeed, "/papers/for-you/feed.atom?token=pwf_") {
			t.Fatalf("feed URL %q", adaFeed)
		}

		page := cardIDs(ada.page("/papers/for-you").Body.String())
		w := site.visit(adaFeed) // a feed reader: no cookie
		if cc := w.Header().Get("Cache-Control"); cc != "private, max-age=300" {
			t.Errorf("Cache-Control = %q, want private", cc)
		}
		f := feedOf(t, w)
		ids := itemIDs(t, f, testHost)
		if !slices.Equal(ids[:len(page)], page) || !sameSet(ids[:3], proteinNew) {
			t.Errorf("feed lists %v; the page %v", ids, page)
		}
		if f.Title != "For you · ada · Paperwire" {
			t.Errorf("title %q", f.Title)
		}
		rss := feedOf(t, site.visit(strings.Replace(adaFeed, "feed.atom", "feed.rss", 1)))
		if got := itemIDs(t, rss, testHost); !slices.Equal(got, ids) {
			t.Errorf("RSS lists %v, Atom %v", got, ids)
		}
		if ids := itemIDs(t, feedOf(t, site.visit(bobFeed)), testHost); !sameSet(ids[:3], speechNew) {
			t.Errorf("bob's feed lists %v; want his speech papers first", ids)
		}

		// Conditional GET.
		etag := w.Header().Get("ETag")
		req := httptest.NewRequest(http.MethodGet, adaFeed, nil)
		req.Header.Set("If-None-Match", etag)
		wantStatus(t, site.serve(req, "198.51.100.1:4711"), http.StatusNotModified)

		for _, bad := range []string{"/papers/for-you/feed.atom", "/papers/for-you/feed.atom?token=pwf_nope",
			"/papers/for-you/feed.rss?token=" + strings.Repeat("x", 200)} {
			wantStatus(t, site.visit(bad), http.StatusNotFound)
		}
		// Signed in is no key: without the token even the owner gets a 404.
		wantStatus(t, ada.page("/papers/for-you/feed.atom"), http.StatusNotFound)

		again := makeFeed(t, ada)
		wantStatus(t, site.visit(adaFeed), http.StatusNotFound)
		wantStatus(t, site.visit(again), http.StatusOK)
		settings := ada.page("/settings").Body.String()
		if strings.Contains(settings, strings.TrimPrefix(again, "/papers/for-you/feed.atom?token=")) {
			t.Errorf("the settings page shows the token again")
		}
		wantRedirect(t, ada.post("/settings/foryou-feed/revoke", url.Values{}), http.StatusSeeOther, "/settings?done=feed-off")
		wantStatus(t, site.visit(again), http.StatusNotFound)
		wantStatus(t, site.visit(bobFeed), http.StatusOK) // ada's revoke is hers alone
		wantStatus(t, ada.post("/settings/foryou-feed/revoke", url.Values{}), http.StatusNotFound)

		// Writes are refused cross-origin and past the body limit, and visitors cannot make one.
		wantStatus(t, ada.post("/settings/foryou-feed", url.Values{}, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
		wantStatus(t, ada.post("/settings/foryou-feed", url.Values{"x": {strings.Repeat("a", 1<<20)}}), http.StatusRequestEntityTooLarge)
		req = httptest.NewRequest(http.MethodPost, "/settings/foryou-feed", strings.NewReader(""))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if w := site.serve(req, "198.51.100.1:4711"); w.Code != http.StatusSeeOther && w.Code != http.StatusUnauthorized {
			t.Errorf("a visitor's POST: status %d", w.Code)
		}
	})
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// TestForYouFollowsCollections: a paper put in a collection, even a
// private one, counts as a like, and the explanation says so.
func TestForYouFollowsCollections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		if _, err := site.papers.UpsertPapers(context.Background(), topicPapers()); err != nil {
			t.Fatal(err)
		}
		ada := site.member("ada")
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "Speech", "private": true}`), http.StatusCreated)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections/ada/speech/items",
			`{"item": {"type": "paper", "id": "`+speechLiked+`"}}`), http.StatusCreated)
		body := ada.page("/papers/for-you").Body.String()
		if ids := cardIDs(body); len(ids) < 3 || !sameSet(ids[:3], speechNew) {
			t.Fatalf("after collecting a speech paper the first cards are %v; want %v first", ids, speechNew)
		}
		if !strings.Contains(body, `Like <a href="/papers/`+speechLiked+`">Streaming speech recognition with transducers</a> that you collected`) {
			t.Errorf("no explanation naming the collected paper:\n%s", clip(body))
		}
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// 2607.00004 carries 100 upvotes from a Hugging Face import; local votes add to them.
const hot = "2607.00004"

func TestUpvoteFormComesBackToTheCard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		list := "/papers/date/2026-07-01?list=all&sort=trending"

		// A visitor's button is a link to sign in and come back to the card.
		body := site.visit(list).Body.String()
		wantContains(t, cardOf(body, hot), `href="/signin?next=`+url.QueryEscape(list+"#p-"+hot)+`"`, `<span class="n">100</span>`)
		wantLacks(t, body, "data-vote", "vote.js")

		// Signed in, it is a form that toggles and returns to the same card.
		card := cardOf(ada.page(list).Body.String(), hot)
		wantContains(t, card, `action="/papers/`+hot+`/upvote"`, `name="action" value="up"`, `aria-pressed="false"`,
			`name="next" value="`+strings.ReplaceAll(list, "&", "&amp;")+`"`, `data-api="/api/papers/`+hot+`/upvote"`)
		w := ada.post("/papers/"+hot+"/upvote", postData("action", "up", "next", list))
		wantRedirect(t, w, http.StatusSeeOther, list+"#p-"+hot)
		if n := site.upvotes(hot); n != 101 {
			t.Fatalf("after upvoting: %d upvotes, want 101", n)
		}
		page := ada.page(list).Body.String()
		wantContains(t, cardOf(page, hot), `aria-pressed="true"`, `name="action" value="down"`, `<span class="n">101</span>`)
		wantContains(t, page, "/static/vote.")
		if other := cardOf(page, "2607.00001"); !strings.Contains(other, `aria-pressed="false"`) {
			t.Errorf("a paper ada did not upvote shows pressed: %s", other)
		}
		// Clicking again (a stale page still says "up") changes nothing.
		ada.post("/papers/"+hot+"/upvote", postData("action", "up", "next", list))
		wantRedirect(t, ada.post("/papers/"+hot+"/upvote", postData("action", "down", "next", list)), http.StatusSeeOther, list+"#p-"+hot)
		if n := site.upvotes(hot); n != 100 {
			t.Fatalf("after taking it back: %d upvotes, want 100", n)
		}

		// Old-style ids keep their slash; next defaults to the paper and never leaves the site.
		wantRedirect(t, ada.post("/papers/hep-th/9901001/upvote", postData("action", "up")), http.StatusSeeOther, "/papers/hep-th/9901001#p-hep-th/9901001")
		if n := site.upvotes("hep-th/9901001"); n != 6 {
			t.Errorf("old-style paper: %d upvotes, want 6", n)
		}
		wantContains(t, ada.page("/papers/hep-th/9901001").Body.String(), `id="p-hep-th/9901001"`, `aria-pressed="true"`)
		for _, next := range []string{"//evil.example/x", "https://evil.example/", `/\evil.example`} {
			wantRedirect(t, ada.post("/papers/"+hot+"/upvote", postData("action", "up", "next", next)), http.StatusSeeOther, "/#p-"+hot)
		}

		wantStatus(t, ada.post("/papers/"+hot+"/upvote", postData("action", "sideways")), http.StatusBadRequest)
		wantStatus(t, ada.post("/papers/2601.99999/upvote", postData("action", "up")), http.StatusNotFound)
		// A visitor's post (an expired session) is sent to sign in.
		req := site.serve(httpPost("/papers/"+hot+"/upvote", postData("action", "up")), "198.51.100.9:1")
		wantStatus(t, req, http.StatusSeeOther)
		if loc := req.Header().Get("Location"); !strings.HasPrefix(loc, "/signin?next=") {
			t.Errorf("visitor's vote went to %q", loc)
		}
	})
}

func TestUpvoteAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		type result struct {
			Upvotes int  `json:"upvotes"`
			Upvoted bool `json:"upvoted"`
		}
		steps := []struct {
			method, path string
			want         result
		}{
			{http.MethodPost, "/api/papers/" + hot + "/upvote", result{101, true}},
			{http.MethodPost, "/api/papers/" + hot + "/upvote", result{101, true}}, // idempotent
			{http.MethodDelete, "/api/papers/" + hot + "/upvote", result{100, false}},
			{http.MethodDelete, "/api/papers/" + hot + "/upvote", result{100, false}},
			{http.MethodPost, "/api/papers/" + hot + "v2/upvote", result{101, true}}, // any spelling of the id
			{http.MethodPost, "/api/papers/hep-th/9901001/upvote", result{6, true}},
			{http.MethodDelete, "/api/papers/hep-th/9901001/upvote", result{5, false}},
		}
		for _, st := range steps {
			w := ada.api(st.method, st.path, "")
			wantStatus(t, w, http.StatusOK)
			var got result
			decodeJSON(t, w, &got)
			if got != st.want {
				t.Fatalf("%s %s = %+v, want %+v", st.method, st.path, got, st.want)
			}
		}
		if n := site.upvotes(hot); n != 101 {
			t.Fatalf("stored count %d, want 101", n)
		}

		// Without a valid token: 401 with a challenge, nothing changes.
		for _, auth := range []string{"", "Bearer pw_notavalidtoken", "Basic YWRhOnB3", "Bearer " + ada.token + "x"} {
			var h []string
			if auth != "" {
				h = []string{"Authorization", auth}
			}
			w := site.call(http.MethodPost, "/api/papers/"+hot+"/upvote", "", "203.0.113.5:1", h...)
			wantStatus(t, w, http.StatusUnauthorized)
			if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%q: WWW-Authenticate = %q", auth, w.Header().Get("WWW-Authenticate"))
			}
			apiErr(t, w)
		}
		if n := site.upvotes(hot); n != 101 {
			t.Fatalf("unauthenticated calls changed the count to %d", n)
		}
		w := ada.api(http.MethodPost, "/api/papers/2601.99999/upvote", "")
		wantStatus(t, w, http.StatusNotFound)
		wantContains(t, apiErr(t, w), "2601.99999")
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/not-an-id/upvote", ""), http.StatusBadRequest)
	})
}

// TestUpvotesAreEachUsersOwn: a DELETE takes back the caller's vote only.
func TestUpvotesAreEachUsersOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")
		ada.api(http.MethodPost, "/api/papers/"+hot+"/upvote", "")
		alan.api(http.MethodPost, "/api/papers/"+hot+"/upvote", "")
		if n := site.upvotes(hot); n != 102 {
			t.Fatalf("two votes: %d, want 102", n)
		}
		for range 2 { // alan cannot take ada's vote by deleting twice
			wantStatus(t, alan.api(http.MethodDelete, "/api/papers/"+hot+"/upvote", ""), http.StatusOK)
		}
		if n := site.upvotes(hot); n != 101 {
			t.Fatalf("after alan's deletes: %d, want 101", n)
		}
		wantContains(t, cardOf(ada.page("/papers/date/2026-07-01?list=all&sort=upvotes").Body.String(), hot), `aria-pressed="true"`)
		wantContains(t, cardOf(alan.page("/papers/date/2026-07-01?list=all&sort=upvotes").Body.String(), hot), `aria-pressed="false"`)
	})
}

// TestUpvoteRefusesCrossOrigin: another site's page cannot vote with the
// viewer's cookie, neither through the form nor through the API; vote.js's
// own same-origin fetch can.
func TestUpvoteRefusesCrossOrigin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		cookie := &http.Cookie{Name: "paperwire_session", Value: ada.session}
		for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
			wantStatus(t, ada.post("/papers/"+hot+"/upvote", postData("action", "up"), h...), http.StatusForbidden)
			req := httpPost("/api/papers/"+hot+"/upvote", nil)
			req.AddCookie(cookie)
			wantStatus(t, site.serve(req, ada.addr, h...), http.StatusForbidden)
		}
		if n := site.upvotes(hot); n != 100 {
			t.Fatalf("a cross-origin request changed the count to %d", n)
		}
		req := httpPost("/api/papers/"+hot+"/upvote", nil)
		req.AddCookie(cookie)
		w := site.serve(req, ada.addr, "Sec-Fetch-Site", "same-origin", "Origin", "http://example.com")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), `"upvotes":101`, `"upvoted":true`)
	})
}

// countingVotes counts the lookups of upvoted states.
type countingVotes struct {
	paperwire.VoteService
	lookups *atomic.Int32
}

func (c countingVotes) Upvoted(ctx context.Context, userID int64, ids []string) (map[string]bool, error) {
	c.lookups.Add(1)
	return c.VoteService.Upvoted(ctx, userID, ids)
}

// TestUpvotedStateIsOneQueryPerPage: a page learns which of its papers the
// viewer upvoted in one lookup, however many cards it has.
func TestUpvotedStateIsOneQueryPerPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var lookups atomic.Int32
		site := newPaperSite(t, db, func(cfg *web.Config) { cfg.Votes = countingVotes{store.NewPaperStore(db), &lookups} })
		ada := site.member("ada")
		for _, path := range []string{"/papers/date/2026-07-01?list=all", "/papers/week/2026-W27?list=all&p=2", "/papers/2607.00001", "/papers/trending"} {
			lookups.Store(0)
			w := ada.page(path)
			wantStatus(t, w, http.StatusOK)
			if n := lookups.Load(); n != 1 {
				t.Errorf("%s: %d upvoted lookups, want 1", path, n)
			}
		}
		lookups.Store(0)
		site.visit("/papers/date/2026-07-01")
		if n := lookups.Load(); n != 0 {
			t.Errorf("a visitor's page looked up upvotes %d times", n)
		}
	})
}

// httpPost is a urlencoded form post without credentials.
func httpPost(target string, f url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// postData builds a form from "key", "value" pairs.
func postData(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestUpvoteFormFollowsTheCardToItsNewPage: a day's list orders papers by
// upvotes, so a vote on page 2 can lift a card onto page 1, and taking it
// back can drop it again; the form sends the reader to the page that
// holds the card now.
func TestUpvoteFormFollowsTheCardToItsNewPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		const list = "/papers/date/2026-07-01?list=all"
		second := cardIDs(ada.page(list + "&p=2").Body.String())
		if len(second) == 0 {
			t.Fatal("no second page to vote on")
		}
		id := second[len(second)-1] // last on page 2, and with no votes
		w := ada.post("/papers/"+id+"/upvote", postData("action", "up", "next", list+"&p=2"))
		wantRedirect(t, w, http.StatusSeeOther, list+"#p-"+id)
		if !slices.Contains(cardIDs(ada.page(list).Body.String()), id) {
			t.Fatalf("the redirect's page 1 does not show %s", id)
		}
		w = ada.post("/papers/"+id+"/upvote", postData("action", "down", "next", list))
		loc := w.Header().Get("Location")
		if w.Code != http.StatusSeeOther || !strings.Contains(loc, "p=") || !strings.HasSuffix(loc, "#p-"+id) {
			t.Fatalf("taking the vote back: %d to %q, want the card's page again", w.Code, loc)
		}
		target, _, _ := strings.Cut(loc, "#")
		if !slices.Contains(cardIDs(ada.page(target).Body.String()), id) {
			t.Fatalf("%s does not show %s", target, id)
		}
	})
}

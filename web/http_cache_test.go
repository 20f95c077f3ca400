package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// conditionalGet sends a GET with one precondition header (name, value).
func conditionalGet(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestHTTPCachingAnonymous: every anonymous list page, paper page, search
// and API GET is public for a short while, carries an ETag and
// Last-Modified, and answers 304 to a client that holds it already, whether
// the page came from the page cache or was rendered for the request.
func TestHTTPCachingAnonymous(t *testing.T) {
	store := newStore(t)
	for _, ttl := range []time.Duration{5 * time.Second, -1} {
		h := newServer(t, store, func(c *web.Config) { c.CacheTTL = ttl; c.Searcher = titleSearcher{store} })
		for _, target := range []string{
			"/", "/papers/date/" + dayWed, "/papers/week/2026-W27", "/papers/2606.30776",
			"/search?q=game", "/api/daily_papers?date=" + dayWed, "/api/papers/2606.30776",
			"/api/papers/search?q=game", "/papers/2606.30776.md",
		} {
			first := get(t, h, target)
			wantStatus(t, first, http.StatusOK)
			hdr := first.Header()
			etag, lm := hdr.Get("ETag"), hdr.Get("Last-Modified")
			if cc := hdr.Get("Cache-Control"); cc != "public, max-age=30" {
				t.Errorf("ttl %v %s: Cache-Control %q", ttl, target, cc)
			}
			if !strings.HasPrefix(etag, `W/"`) || lm == "" {
				t.Fatalf("ttl %v %s: ETag %q, Last-Modified %q", ttl, target, etag, lm)
			}
			if !strings.Contains(strings.Join(hdr.Values("Vary"), ","), "Cookie") {
				t.Errorf("ttl %v %s: Vary %q lacks Cookie", ttl, target, hdr.Values("Vary"))
			}
			again := get(t, h, target)
			if again.Header().Get("ETag") != etag {
				t.Errorf("ttl %v %s: ETag moved without a change: %q then %q", ttl, target, etag, again.Header().Get("ETag"))
			}
			w := conditionalGet(h, target, "If-None-Match", etag)
			if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
				t.Errorf("ttl %v %s with If-None-Match: %d, %d bytes; want 304 and none", ttl, target, w.Code, w.Body.Len())
			}
			if w.Header().Get("ETag") != etag || w.Header().Get("Content-Type") != "" {
				t.Errorf("ttl %v %s: 304 headers %v", ttl, target, w.Header())
			}
			w = conditionalGet(h, target, "If-None-Match", `W/"other"`, "If-Modified-Since", lm)
			wantStatus(t, w, http.StatusOK) // If-None-Match wins over If-Modified-Since
			w = conditionalGet(h, target, "If-Modified-Since", lm)
			wantStatus(t, w, http.StatusNotModified)
			earlier := fixedNow.Add(-time.Hour).UTC().Format(http.TimeFormat)
			w = conditionalGet(h, target, "If-Modified-Since", earlier)
			wantStatus(t, w, http.StatusOK)
			if w.Body.Len() == 0 {
				t.Errorf("ttl %v %s: 200 without a body", ttl, target)
			}
		}
	}
}

// TestHTTPCachingErrorsNotPublic: errors are never marked cacheable.
func TestHTTPCachingErrorsNotPublic(t *testing.T) {
	h := newServer(t, newStore(t))
	for _, target := range []string{"/papers/date/2026-13-45", "/api/daily_papers?date=nope", "/papers/2607.99999", "/nowhere"} {
		w := get(t, h, target)
		if w.Code < 400 {
			t.Fatalf("%s: %d", target, w.Code)
		}
		if cc := w.Header().Get("Cache-Control"); strings.Contains(cc, "public") || w.Header().Get("ETag") != "" {
			t.Errorf("%s (%d): Cache-Control %q, ETag %q", target, w.Code, cc, w.Header().Get("ETag"))
		}
	}
}

// TestETagFollowsData: a change to the papers on a page (a new title, more
// upvotes), once the server hears of it, gives the page a new ETag and a
// later Last-Modified, so a client's old copy is answered 200, not 304.
func TestETagFollowsData(t *testing.T) {
	papers := newStore(t)
	now := fixedNow
	srv, err := web.New(web.Config{Papers: papers, CacheTTL: time.Hour, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	for _, target := range []string{"/papers/date/" + dayWed, "/api/daily_papers?date=" + dayWed, "/papers/2607.00004"} {
		before := get(t, h, target)
		wantStatus(t, before, http.StatusOK)
		p, err := papers.Paper(context.Background(), "2607.00004")
		if err != nil {
			t.Fatal(err)
		}
		p.Title += " (revised " + target + ")"
		if _, err := papers.UpsertPapers(context.Background(), []*paperwire.Paper{p}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Minute)
		srv.Invalidate()
		after := conditionalGet(h, target, "If-None-Match", before.Header().Get("ETag"))
		wantStatus(t, after, http.StatusOK)
		wantContains(t, after.Body.String(), "(revised "+target+")")
		if after.Header().Get("ETag") == before.Header().Get("ETag") {
			t.Errorf("%s: ETag unchanged after the data changed", target)
		}
		lmBefore, _ := http.ParseTime(before.Header().Get("Last-Modified"))
		lmAfter, _ := http.ParseTime(after.Header().Get("Last-Modified"))
		if !lmAfter.After(lmBefore) {
			t.Errorf("%s: Last-Modified %v, then %v", target, lmBefore, lmAfter)
		}
		w := conditionalGet(h, target, "If-Modified-Since", before.Header().Get("Last-Modified"))
		wantStatus(t, w, http.StatusOK)
	}
}

// TestHTTPCachingPrivate: what a signed-in viewer or a token holder sees is
// private and never stored, and never 304 against an anonymous copy; a
// response that sets a cookie is never stored; static assets stay
// immutable for everyone.
func TestHTTPCachingPrivate(t *testing.T) {
	db, _ := openStore(t)
	site := newPaperSite(t, db, func(c *web.Config) { c.CacheTTL = 5 * time.Second })
	ann := site.member("ann")
	target := "/papers/date/" + dayWed
	anon := site.visit(target)
	etag := anon.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag for a visitor")
	}

	page := ann.page(target)
	wantStatus(t, page, http.StatusOK)
	if cc := page.Header().Get("Cache-Control"); cc != "private, no-store" || page.Header().Get("ETag") != "" {
		t.Errorf("signed-in page: Cache-Control %q, ETag %q", cc, page.Header().Get("ETag"))
	}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("If-None-Match", etag)
	req.AddCookie(&http.Cookie{Name: "paperwire_session", Value: ann.session})
	wantStatus(t, site.serve(req, ann.addr), http.StatusOK)

	api := ann.api(http.MethodGet, "/api/daily_papers?date="+dayWed, "", "If-None-Match", etag)
	wantStatus(t, api, http.StatusOK)
	if cc := api.Header().Get("Cache-Control"); cc != "private, no-store" {
		t.Errorf("API with a token: Cache-Control %q", cc)
	}

	// A stale session cookie is cleared with Set-Cookie: never stored.
	req = httptest.NewRequest(http.MethodGet, target, nil)
	req.AddCookie(&http.Cookie{Name: "paperwire_session", Value: "expired-or-forged"})
	w := site.serve(req, "198.51.100.9:4711")
	if w.Header().Get("Set-Cookie") == "" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("response clearing a cookie: Set-Cookie %q, Cache-Control %q", w.Header().Get("Set-Cookie"), w.Header().Get("Cache-Control"))
	}

	// Signing in sets a cookie on a POST: never stored either.
	signin := site.serve(httptest.NewRequest(http.MethodPost, "/signin",
		strings.NewReader("name=ann&password=correct+horse+ann")), ann.addr, "Content-Type", "application/x-www-form-urlencoded")
	if signin.Header().Get("Set-Cookie") == "" || signin.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("sign-in: %d, Set-Cookie %q, Cache-Control %q", signin.Code, signin.Header().Get("Set-Cookie"), signin.Header().Get("Cache-Control"))
	}

	// Static assets keep their own, long-lived header even for a member.
	home := site.visit("/").Body.String()
	i := strings.Index(home, "/static/")
	if i < 0 {
		t.Fatal("no static asset linked from the home page")
	}
	asset := home[i : i+strings.IndexAny(home[i:], `"'`)]
	w = ann.page(asset)
	wantStatus(t, w, http.StatusOK)
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("asset %s for a member: Cache-Control %q", asset, cc)
	}
}

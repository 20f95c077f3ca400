package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/paperwire/paperwire/web"
)

// TestAPIRateLimit: each API client gets APIBurst requests at once, then
// 429 with Retry-After and a JSON message; a token's account has its own
// allowance wherever it calls from, a made-up token does not; pages and
// CORS preflights are not counted; behind a trusted proxy each forwarded
// address is its own client, and without trust X-Forwarded-For is ignored.
func TestAPIRateLimit(t *testing.T) {
	db, _ := openStore(t)
	site := newPaperSite(t, db, func(c *web.Config) { c.APIRate, c.APIBurst = 0.01, 3 })
	ann := site.member("ann")
	api := "/api/daily_papers?date=" + dayWed
	const addr = "203.0.113.5:1000"

	for i := 0; i < 3; i++ {
		wantStatus(t, site.call(http.MethodGet, api, "", addr), http.StatusOK)
	}
	w := site.call(http.MethodGet, api, "", addr)
	wantStatus(t, w, http.StatusTooManyRequests)
	if secs, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || secs < 1 {
		t.Errorf("Retry-After %q", w.Header().Get("Retry-After"))
	}
	if msg := apiErr(t, w); msg == "" {
		t.Error("429 without a JSON message")
	}
	// Another port of the same host is the same client.
	wantStatus(t, site.call(http.MethodGet, api, "", "203.0.113.5:2000"), http.StatusTooManyRequests)
	// A made-up token from there is still that address.
	wantStatus(t, site.call(http.MethodGet, api, "", addr, "Authorization", "Bearer pw_madeup"), http.StatusTooManyRequests)
	// Pages and preflights are not the API's allowance.
	wantStatus(t, site.serve(httptest.NewRequest(http.MethodGet, "/papers/date/"+dayWed, nil), addr), http.StatusOK)
	pre := httptest.NewRequest(http.MethodOptions, api, nil)
	pre.Header.Set("Origin", "https://elsewhere.example")
	pre.Header.Set("Access-Control-Request-Method", "GET")
	if w := site.serve(pre, addr); w.Code == http.StatusTooManyRequests {
		t.Errorf("preflight limited: %d", w.Code)
	}
	// Another address is another client.
	wantStatus(t, site.call(http.MethodGet, api, "", "203.0.113.6:1000"), http.StatusOK)

	// Ann's token from the exhausted address has her own three, and they
	// follow her to any address.
	for i := 0; i < 3; i++ {
		wantStatus(t, site.call(http.MethodGet, api, "", addr, "Authorization", "Bearer "+ann.token), http.StatusOK)
	}
	wantStatus(t, site.call(http.MethodGet, api, "", "198.51.100.77:1", "Authorization", "Bearer "+ann.token), http.StatusTooManyRequests)
	// Writes count too: the upvote is refused and not stored.
	before := site.upvotes("2607.00004")
	wantStatus(t, ann.api(http.MethodPost, "/api/papers/2607.00004/upvote", ""), http.StatusTooManyRequests)
	if site.upvotes("2607.00004") != before {
		t.Error("a limited upvote was stored")
	}

	// X-Forwarded-For is a client's own claim unless the proxy is trusted.
	const proxy = "10.0.0.1:5555"
	for i := 0; i < 3; i++ {
		site.call(http.MethodGet, api, "", proxy, "X-Forwarded-For", "192.0.2."+strconv.Itoa(100+i))
	}
	wantStatus(t, site.call(http.MethodGet, api, "", proxy, "X-Forwarded-For", "192.0.2.200"), http.StatusTooManyRequests)

	trusted := newPaperSite(t, db, func(c *web.Config) { c.APIRate, c.APIBurst, c.TrustProxy = 0.01, 3, true })
	for i := 0; i < 6; i++ {
		w := trusted.call(http.MethodGet, api, "", proxy, "X-Forwarded-For", "192.0.2."+strconv.Itoa(100+i))
		wantStatus(t, w, http.StatusOK)
	}
	for i := 0; i < 3; i++ {
		trusted.call(http.MethodGet, api, "", proxy, "X-Forwarded-For", "evil, 192.0.2.50")
	}
	wantStatus(t, trusted.call(http.MethodGet, api, "", proxy, "X-Forwarded-For", "forged, 192.0.2.50"), http.StatusTooManyRequests)
}

// TestAPIRateLimitOff: without APIRate there is no limit.
func TestAPIRateLimitOff(t *testing.T) {
	h := newServer(t, newStore(t))
	for i := 0; i < 200; i++ {
		if w := get(t, h, "/api/daily_papers?date="+dayWed); w.Code != http.StatusOK {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
}

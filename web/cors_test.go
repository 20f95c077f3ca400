package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// preflight sends a browser's CORS preflight from another site.
func preflight(t *testing.T, h http.Handler, target, method string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodOptions, target, nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Sec-Fetch-Mode", "cors")
	req.Header.Set("Access-Control-Request-Method", method)
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func wantHeader(t *testing.T, w *httptest.ResponseRecorder, name, want string) {
	t.Helper()
	if got := w.Header().Get(name); got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

// TestCORSPreflight: OPTIONS on the API answers 204 with the methods the
// path takes (GET and HEAD for reads, POST and DELETE on the write
// endpoints), the headers a script may send and a max age — through
// CrossOriginProtection, and never allowing credentials. GETs keep ACAO *.
func TestCORSPreflight(t *testing.T) {
	db, _ := openStore(t)
	site := newPaperSite(t, db)

	for _, tc := range []struct{ target, method, methods string }{
		{"/api/daily_papers?date=" + dayWed, "GET", "GET, HEAD, OPTIONS"},
		{"/api/papers/search?q=x", "GET", "GET, HEAD, OPTIONS"},
		{"/api/papers/2601.00001", "GET", "GET, HEAD, OPTIONS"},
		{"/api/papers/2601.00001/upvote", "POST", "GET, HEAD, POST, DELETE, OPTIONS"},
		{"/api/papers/hep-th/9901001/upvote", "DELETE", "GET, HEAD, POST, DELETE, OPTIONS"},
		{"/api/papers/submit", "POST", "GET, HEAD, POST, OPTIONS"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			w := preflight(t, site.h, tc.target, tc.method)
			wantStatus(t, w, http.StatusNoContent)
			wantHeader(t, w, "Access-Control-Allow-Origin", "*")
			wantHeader(t, w, "Access-Control-Allow-Methods", tc.methods)
			wantHeader(t, w, "Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, X-Request-Id")
			wantHeader(t, w, "Access-Control-Max-Age", "7200")
			wantHeader(t, w, "Access-Control-Allow-Credentials", "")
			if w.Body.Len() != 0 {
				t.Errorf("preflight has a body: %q", w.Body.String())
			}
		})
	}

	t.Run("read-only server", func(t *testing.T) {
		h := newServer(t, newStore(t))
		w := preflight(t, h, "/api/papers/2601.00001/upvote", "POST")
		wantStatus(t, w, http.StatusNoContent)
		wantHeader(t, w, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	})

	t.Run("GET keeps ACAO *", func(t *testing.T) {
		w := site.visit("/api/daily_papers?date=" + dayWed)
		wantStatus(t, w, http.StatusOK)
		wantHeader(t, w, "Access-Control-Allow-Origin", "*")
		wantHeader(t, w, "Access-Control-Allow-Credentials", "")
	})

	t.Run("cross-origin write still refused", func(t *testing.T) {
		m := site.member("ada")
		w := site.call(http.MethodPost, "/api/papers/"+oldPopular+"/upvote", "", m.addr,
			"Authorization", "Bearer "+m.token, "Origin", "https://elsewhere.example", "Sec-Fetch-Site", "cross-site")
		wantStatus(t, w, http.StatusForbidden)
	})

	t.Run("OPTIONS outside the API", func(t *testing.T) {
		w := preflight(t, site.h, "/papers/date/"+dayWed, "GET")
		if w.Code == http.StatusNoContent || strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
			t.Errorf("pages answer preflights: %d %v", w.Code, w.Header())
		}
	})
}

package web_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var (
	texScriptRe = regexp.MustCompile(`<script src="(/static/tex\.[0-9a-f]+\.js)" data-katex="(/static/katex\.min\.[0-9a-f]+\.js)" data-autorender="(/static/katex-auto-render\.min\.[0-9a-f]+\.js)" data-css="(/static/katex\.min\.[0-9a-f]+\.css)" defer></script>`)
	cssURLRe    = regexp.MustCompile(`url\(([^)]+)\)`)
)

// TestTeXAssets: pages carry the TeX script with the KaTeX files it loads,
// the TeX source stays in the HTML as escaped text, and every file KaTeX
// needs, fonts included, is served from the binary with a year's cache.
func TestTeXAssets(t *testing.T) {
	h := newServer(t, newStore(t))
	get := func(target string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		return w
	}
	w := get("/papers/2607.00001")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	if !strings.Contains(body, "Attention for $x&lt;y$") {
		t.Errorf("the title's TeX source is not in the page as text")
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "font-src 'self'") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP %q: want fonts from the site and scripts from nowhere else", csp)
	}
	m := texScriptRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no TeX script tag on the paper page")
	}
	for _, u := range m[1:] {
		w := get(u)
		wantStatus(t, w, http.StatusOK)
		if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
	}
	css := get(m[4]).Body.String()
	fonts := cssURLRe.FindAllStringSubmatch(css, -1)
	if len(fonts) < 20 {
		t.Fatalf("the KaTeX stylesheet names %d fonts, want its 20", len(fonts))
	}
	for _, f := range fonts {
		if !strings.HasPrefix(f[1], "/static/KaTeX_") || !strings.HasSuffix(f[1], ".woff2") {
			t.Errorf("font url %q is not a hashed static file", f[1])
			continue
		}
		w := get(f[1])
		wantStatus(t, w, http.StatusOK)
		if ct := w.Header().Get("Content-Type"); ct != "font/woff2" {
			t.Errorf("%s: Content-Type %q", f[1], ct)
		}
	}
}

package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

func TestHomeShowsLatestDay(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body, "Daily Papers", "July 1, 2026", "44 papers", `href="/papers/2607.00004"`,
		`href="/papers/date/2026-06-29"`, // previous day with papers skips empty June 30
		`<label for="q" class="vh">Search papers</label>`, "Showing 1–10 of 44")
	if n := cards(body); n != pageSize {
		t.Errorf("cards = %d, want %d", n, pageSize)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

func TestPeriodPages(t *testing.T) {
	h := newServer(t, newStore(t))
	tests := []struct {
		path  string
		cards int
		want  []string
	}{
		{"/papers/date/2026-06-29", 10, []string{"June 29, 2026", "25 papers", `href="/papers/date/2026-06-26"`, `href="/papers/date/2026-07-01"`}},
		{"/papers/date/2026-06-26", 10, []string{"10 papers", `rel="next"`}},
		{"/papers/week/2026-W27", 10, []string{"Weekly Papers", "Week 27, 2026", "Jun 29 – Jul 5", "69 papers", `href="/papers/week/2026-W26"`}},
		{"/papers/week/2026-W26", 10, []string{"Week 26, 2026", "10 papers"}},
		{"/papers/month/2026-06", 10, []string{"Monthly Papers", "June 2026", "35 papers", `href="/papers/month/2026-07"`}},
		{"/papers/month/2026-07", 10, []string{"July 2026", "44 papers", `href="/papers/month/2026-06"`}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := get(t, h, tt.path)
			wantStatus(t, w, http.StatusOK)
			body := w.Body.String()
			wantContains(t, body, tt.want...)
			if n := cards(body); n != tt.cards {
				t.Errorf("cards = %d, want %d", n, tt.cards)
			}
		})
	}
}

func TestViewSwitchLinks(t *testing.T) {
	h := newServer(t, newStore(t))
	body := get(t, h, "/papers/month/2026-06").Body.String()
	// From a month, "Day" goes to the newest day with papers in it, not the 1st.
	wantContains(t, body, `<a href="/papers/date/2026-06-29">Day</a>`, `<a href="/papers/week/2026-W27">Week</a>`,
		`<a href="/papers/month/2026-06" aria-current="page">Month</a>`)
}

func TestEmptyDaySaysSoAndLinksNeighbours(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/papers/date/2026-06-30")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body, "No papers were announced on this day", `href="/papers/date/2026-06-29"`, `href="/papers/date/2026-07-01"`)
	if n := cards(body); n != 0 {
		t.Errorf("cards = %d on an empty day", n)
	}
	// Far before the data: only a "next" link.
	body = get(t, h, "/papers/date/2001-01-01").Body.String()
	wantContains(t, body, "No papers", `href="/papers/date/2026-06-26"`)
}

func TestInvalidPeriodIs400WithMessage(t *testing.T) {
	h := newServer(t, newStore(t))
	for path, msg := range map[string]string{
		"/papers/date/2026-13-01":             "expected YYYY-MM-DD",
		"/papers/date/yesterday":              "expected YYYY-MM-DD",
		"/papers/date/1800-01-01":             "expected YYYY-MM-DD",
		"/papers/week/2026-W54":               "expected YYYY-Www",
		"/papers/month/2026-00":               "expected YYYY-MM",
		"/papers/date/2026-07-01?p=0":         "is not a page number",
		"/papers/date/2026-07-01?p=x":         "is not a page number",
		"/papers/date/2026-07-01?sort=x":      "Unknown sort",
		"/papers/date/2026-07-01?cat=%3Cb%3E": "is not an arXiv category",
	} {
		w := get(t, h, path)
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), msg, "Error 400")
	}
}

func TestPagination(t *testing.T) {
	h := newServer(t, newStore(t))
	// 44 papers on dayWed, 10 a page: pages 1–5, the last has 4.
	last := get(t, h, "/papers/date/2026-07-01?p=5")
	wantStatus(t, last, http.StatusOK)
	if n := cards(last.Body.String()); n != 4 {
		t.Errorf("last page cards = %d, want 4", n)
	}
	wantContains(t, last.Body.String(), "Page 5 of 5", `href="/papers/date/2026-07-01?p=4"`, "Showing 41–44 of 44")
	wantLacks(t, last.Body.String(), `rel="next">Next`)

	first := get(t, h, "/papers/date/2026-07-01").Body.String()
	wantContains(t, first, "Page 1 of 5", `href="/papers/date/2026-07-01?p=2" rel="next"`)

	past := get(t, h, "/papers/date/2026-07-01?p=6")
	wantStatus(t, past, http.StatusNotFound)
	wantContains(t, past.Body.String(), "There is no page 6: this list has 5 pages.")

	// Pages never overlap and together hold every paper once.
	seen := map[string]bool{}
	re := regexp.MustCompile(`<h3 class="card-title"><a href="/papers/([^"]+)"`)
	for p := 1; p <= 5; p++ {
		body := get(t, h, "/papers/date/2026-07-01?p="+string(rune('0'+p))).Body.String()
		for _, m := range re.FindAllStringSubmatch(body, -1) {
			if seen[m[1]] {
				t.Errorf("paper %s on two pages", m[1])
			}
			seen[m[1]] = true
		}
	}
	if len(seen) != nWed+nTricky {
		t.Errorf("papers over all pages = %d, want %d", len(seen), nWed+nTricky)
	}
}

func TestCategoryFilterAndSort(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/papers/date/2026-07-01?cat=cs.CL&sort=trending")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body, `class="chip on"`, "in <strong>cs.CL</strong>")
	// Trending puts the 100-upvote paper first.
	first := strings.Index(body, `<h3 class="card-title">`)
	if first < 0 || !strings.HasPrefix(body[first:], `<h3 class="card-title"><a href="/papers/2607.00004">`) {
		t.Errorf("first card is not the most upvoted paper")
	}
	// Chip links keep the sort; the "All" chip drops only the category.
	wantContains(t, body, `href="/papers/date/2026-07-01?sort=trending"`)

	empty := get(t, h, "/papers/date/2026-07-01?cat=q-bio.XX")
	wantStatus(t, empty, http.StatusOK)
	wantContains(t, empty.Body.String(), "No papers in q-bio.XX here.")
}

func TestMarkupAndLatexAreEscaped(t *testing.T) {
	h := newServer(t, newStore(t))
	for _, path := range []string{"/papers/date/2026-07-01?sort=trending", "/papers/2607.00001"} {
		body := get(t, h, path).Body.String()
		wantLacks(t, body, "<script>alert", "<b>bold</b>", "<img src=x", "<Hacker>", "xyz<123>")
		wantContains(t, body, "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Attention for $x&lt;y$",
			"We show $x&lt;y$ and &lt;b&gt;bold&lt;/b&gt; claims; &lt;img src=x onerror=alert(1)&gt; &amp; more.")
	}
}

func TestPaperPage(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/papers/2607.00001")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body,
		`href="https://arxiv.org/abs/2607.00001"`, `href="https://arxiv.org/pdf/2607.00001"`,
		`href="https://doi.org/10.1000/xyz%3c123%3e"`, "Eve &lt;Hacker&gt;", "Google DeepMind",
		"J. Tests 1 (2026) 1", "12 pages, {unbalanced", "v1</span> Jun 30, 2026", "v2</span> Jul 1, 2026",
		"@misc{hacker2026scriptalerttscript,", "eprint        = {2607.00001}", "primaryClass  = {cs.LG}",
		`href="/papers/date/2026-07-01?cat=stat.ML"`, "/static/copy.", `id="bibtex"`)
	wantLacks(t, body, "Related papers") // no Searcher configured
}

func TestOldStyleIDs(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/papers/hep-th/9901001")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "Old-style strings on $AdS_5 \\times S^5$", `href="https://arxiv.org/pdf/hep-th/9901001"`)

	for path, want := range map[string]string{
		"/papers/hep-th/9901001v2":  "/papers/hep-th/9901001",
		"/papers/hep-th.GT/9901001": "/papers/hep-th/9901001",
		"/papers/2607.00001v3":      "/papers/2607.00001",
		"/papers/arXiv:2607.00001":  "/papers/2607.00001",
		"/papers/hep-th%2F9901001":  "/papers/hep-th/9901001",
	} {
		w := get(t, h, path)
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != want {
			t.Errorf("%s: status %d Location %q, want 301 %q", path, w.Code, w.Header().Get("Location"), want)
		}
	}
}

func TestPaperNotFoundAndInvalid(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/papers/2601.99999")
	wantStatus(t, w, http.StatusNotFound)
	wantContains(t, w.Body.String(), "Paperwire has no paper 2601.99999 yet.", `href="https://arxiv.org/abs/2601.99999"`)

	w = get(t, h, "/papers/not-an-id")
	wantStatus(t, w, http.StatusBadRequest)
	wantContains(t, w.Body.String(), "is not an arXiv id")

	w = get(t, h, "/nowhere/<x>")
	wantStatus(t, w, http.StatusNotFound)
	wantLacks(t, w.Body.String(), "<x>")
}

func TestSecurityHeaders(t *testing.T) {
	h := newServer(t, newStore(t))
	for _, path := range []string{"/", "/papers/2607.00001", "/api/daily_papers", "/nowhere", "/papers/date/bad"} {
		hd := get(t, h, path).Header()
		csp := hd.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code", path)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, hd)
		}
	}
}

func TestNoInlineScriptsOrStyles(t *testing.T) {
	h := newServer(t, newStore(t))
	for _, path := range []string{"/", "/papers/2607.00001", "/search?q=x", "/papers/date/bad"} {
		body := get(t, h, path).Body.String()
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(body, -1) {
			if !strings.Contains(m, `src="/static/`) {
				t.Errorf("%s: inline script %s", path, m)
			}
		}
		if strings.Contains(body, "<style") || strings.Contains(body, " style=") || strings.Contains(body, " onclick=") {
			t.Errorf("%s: inline style or handler", path)
		}
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	h := newServer(t, newStore(t))
	body := get(t, h, "/").Body.String()
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	w := get(t, h, m[1])
	wantStatus(t, w, http.StatusOK)
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q", cc)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	wantStatus(t, get(t, h, "/static/style.0000000000.css"), http.StatusNotFound)
	fav := get(t, h, "/favicon.ico")
	wantStatus(t, fav, http.StatusMovedPermanently)
}

func TestHealthAndReadiness(t *testing.T) {
	db, store := openStore(t)
	h := newServer(t, store)
	wantStatus(t, get(t, h, "/healthz"), http.StatusOK)
	wantStatus(t, get(t, h, "/readyz"), http.StatusOK)
	db.Close()
	w := get(t, h, "/readyz")
	wantStatus(t, w, http.StatusServiceUnavailable)
	wantStatus(t, get(t, h, "/healthz"), http.StatusOK)
}

func TestEmptyDatabaseWelcome(t *testing.T) {
	_, store := openStore(t)
	h := newServer(t, store)
	w := get(t, h, "/")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "No papers yet")
}

func TestMethodNotAllowed(t *testing.T) {
	h := newServer(t, newStore(t))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/papers/2607.00001", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST paper page: status %d", w.Code)
	}
}

func TestPageCacheExpires(t *testing.T) {
	_, store := openStore(t)
	now := fixedNow
	h := newServer(t, store, func(c *web.Config) {
		c.Clock = func() time.Time { return now }
		c.CacheTTL = 5 * time.Second
	})
	ctx := context.Background()
	add := func(id, title string) {
		p := &paperwire.Paper{ID: id, Title: title, Abstract: "A.", Authors: []string{"A"}, Categories: []string{"cs.CL"}, ListedOn: day(dayWed)}
		if _, err := store.UpsertPapers(ctx, []*paperwire.Paper{p}); err != nil {
			t.Fatal(err)
		}
	}
	add("2607.00010", "First paper")
	wantContains(t, get(t, h, "/papers/date/2026-07-01").Body.String(), "First paper", "1 paper")
	add("2607.00011", "Second paper")
	// Within the TTL the cached page is served ...
	now = now.Add(4 * time.Second)
	wantLacks(t, get(t, h, "/papers/date/2026-07-01").Body.String(), "Second paper")
	// ... and after it the new paper shows.
	now = now.Add(2 * time.Second)
	wantContains(t, get(t, h, "/papers/date/2026-07-01").Body.String(), "Second paper", "2 papers")
	// Errors are never cached.
	wantStatus(t, get(t, h, "/papers/2607.00012"), http.StatusNotFound)
	add("2607.00012", "Third paper")
	wantStatus(t, get(t, h, "/papers/2607.00012"), http.StatusOK)
}

func TestCachedPagesAreGzippedForClientsThatAsk(t *testing.T) {
	h := newServer(t, newStore(t))
	plain := get(t, h, "/papers/date/2026-07-01")
	req := httptest.NewRequest(http.MethodGet, "/papers/date/2026-07-01", nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	wantStatus(t, w, http.StatusOK)
	if w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != plain.Body.String() {
		t.Error("gzipped page differs from the plain one")
	}
	if n, _ := strconv.Atoi(w.Header().Get("Content-Length")); n <= 0 || n >= len(body) {
		t.Errorf("Content-Length %q", w.Header().Get("Content-Length"))
	}
	if ct := w.Header().Get("Content-Security-Policy"); ct == "" {
		t.Error("cached page lost its security headers")
	}
}

// TestInvalidateShowsChangeAtOnce: after Invalidate (the instance calls it
// when the change sequence moves) a cached page and the list of days show
// the store as it is, long before the TTL.
func TestInvalidateShowsChangeAtOnce(t *testing.T) {
	_, store := openStore(t)
	srv, err := web.New(web.Config{Papers: store, CacheTTL: time.Hour, Clock: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	ctx := context.Background()
	add := func(id, title, listed string) {
		p := &paperwire.Paper{ID: id, Title: title, Abstract: "A.", Authors: []string{"A"}, Categories: []string{"cs.CL"}, ListedOn: day(listed)}
		if _, err := store.UpsertPapers(ctx, []*paperwire.Paper{p}); err != nil {
			t.Fatal(err)
		}
	}
	add("2607.00010", "First paper", dayMon)
	wantContains(t, get(t, h, "/papers/date/2026-06-29").Body.String(), "First paper")
	wantContains(t, get(t, h, "/").Body.String(), "First paper")
	add("2607.00011", "Second paper", dayMon)
	add("2607.00012", "Newer day paper", dayWed)
	wantLacks(t, get(t, h, "/papers/date/2026-06-29").Body.String(), "Second paper")
	srv.Invalidate()
	wantContains(t, get(t, h, "/papers/date/2026-06-29").Body.String(), "Second paper", "2 papers")
	wantContains(t, get(t, h, "/").Body.String(), "Newer day paper") // the day list moved on too
}

// TestClientGoneIsNotAServerError: a request whose client went away before
// the answer was ready is logged as 499, not as a 500 error.
func TestClientGoneIsNotAServerError(t *testing.T) {
	_, store := openStore(t)
	var log strings.Builder
	srv, err := web.New(web.Config{Papers: store, CacheTTL: -1, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, target := range []string{"/papers/date/2026-07-01", "/api/daily_papers?date=2026-07-01"} {
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx))
		if w.Code != 499 {
			t.Errorf("%s: status %d, want 499", target, w.Code)
		}
	}
	if strings.Contains(log.String(), "level=ERROR") {
		t.Errorf("a gone client was logged as an error:\n%s", log.String())
	}
}

package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// Fixture days: testdata/papers.jsonl holds real arXiv listings of these days
// (10, 25 and 40 papers); June 30 and the weekend before are empty.
const (
	dayFri   = "2026-06-26"
	dayMon   = "2026-06-29"
	dayWed   = "2026-07-01"
	nFri     = 10
	nMon     = 25
	nWed     = 40
	nTricky  = 4 // trickyPapers, all listed on dayWed
	pageSize = 10
)

// fixedNow is the clock every test server uses.
var fixedNow = time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// openStore opens a fresh database file in the test's temp dir.
func openStore(tb testing.TB) (*store.DB, *store.PaperStore) {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "paperwire.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, store.NewPaperStore(db)
}

// fixturePapers reads testdata/papers.jsonl (the arXiv daily crawl format plus a date).
func fixturePapers(tb testing.TB) []*paperwire.Paper {
	tb.Helper()
	f, err := os.Open("testdata/papers.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []*paperwire.Paper
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct {
			ID         string   `json:"id"`
			Title      string   `json:"title"`
			Summary    string   `json:"summary"`
			Authors    []string `json:"authors"`
			Categories []string `json:"categories"`
			Comment    *string  `json:"comment"`
			Date       string   `json:"date"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		p := &paperwire.Paper{ID: r.ID, Title: r.Title, Abstract: strings.TrimSpace(r.Summary), Authors: r.Authors,
			Categories: r.Categories, ListedOn: day(r.Date)}
		if r.Comment != nil {
			p.Comment = *r.Comment
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// trickyPapers hold markup, LaTeX, an old-style id and community fields.
func trickyPapers() []*paperwire.Paper {
	return []*paperwire.Paper{
		{
			ID: "2607.00001", Title: `<script>alert("t")</script> Attention for $x<y$`,
			Abstract: `We show $x<y$ and <b>bold</b> claims; <img src=x onerror=alert(1)> & more.`,
			Authors:  []string{"Eve <Hacker>", "Bob"}, Categories: []string{"cs.LG", "stat.ML"},
			ListedOn: day(dayWed), Upvotes: 42, NumComments: 3, SubmittedBy: "akhaliq",
			Organization: &paperwire.Organization{Name: "deepmind", Fullname: "Google DeepMind"},
			GitHubRepo:   "https://github.com/example/repo", GitHubStars: 7, AISummary: "A summary.",
			AIKeywords: []string{"attention"},
			Versions: []paperwire.PaperVersion{
				{Version: 1, Created: time.Date(2026, 6, 30, 17, 59, 30, 0, time.UTC)},
				{Version: 2, Created: time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)},
			},
			Submitted: time.Date(2026, 6, 30, 17, 59, 30, 0, time.UTC),
			DOI:       "10.1000/xyz<123>", JournalRef: "J. Tests 1 (2026) 1", Comment: "12 pages, {unbalanced",
		},
		{
			ID: "hep-th/9901001", Title: "Old-style strings on $AdS_5 \\times S^5$",
			Abstract: "An old paper with an old id.", Authors: []string{"Juan Maldacena"},
			Categories: []string{"hep-th"}, ListedOn: day(dayWed), Upvotes: 5,
			Submitted: time.Date(1999, 1, 4, 0, 0, 0, 0, time.UTC),
		},
		{
			ID: "2607.00003", Title: "Withdrawn result", Abstract: "This paper has been withdrawn.",
			Authors: []string{"A. Author"}, Categories: []string{"cs.CL"}, ListedOn: day(dayWed), Withdrawn: true,
		},
		{
			ID: "2607.00004", Title: "Trending paper", Abstract: "Most upvoted of the day.",
			Authors: []string{"C. Author", "D. Author"}, Categories: []string{"cs.CL"}, ListedOn: day(dayWed), Upvotes: 100,
		},
	}
}

// newStore returns a real store holding the fixture and tricky papers.
func newStore(tb testing.TB) *store.PaperStore {
	tb.Helper()
	_, store := openStore(tb)
	papers := append(fixturePapers(tb), trickyPapers()...)
	if _, err := store.UpsertPapers(context.Background(), papers); err != nil {
		tb.Fatal(err)
	}
	return store
}

type serverOpt func(*web.Config)

// newServer builds a web server over store with a fixed clock and small pages.
func newServer(tb testing.TB, store paperwire.PaperService, opts ...serverOpt) http.Handler {
	tb.Helper()
	cfg := web.Config{
		Papers:   store,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Clock:    func() time.Time { return fixedNow },
		PageSize: pageSize,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := web.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s.Handler()
}

// get serves one GET request.
func get(tb testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func wantStatus(tb testing.TB, w *httptest.ResponseRecorder, want int) {
	tb.Helper()
	if w.Code != want {
		tb.Fatalf("status = %d, want %d; body:\n%s", w.Code, want, clip(w.Body.String()))
	}
}

func wantContains(tb testing.TB, body string, subs ...string) {
	tb.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			tb.Errorf("body lacks %q; body:\n%s", s, clip(body))
		}
	}
}

func wantLacks(tb testing.TB, body string, subs ...string) {
	tb.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			tb.Errorf("body contains %q", s)
		}
	}
}

func clip(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// cards counts paper cards in an HTML page.
func cards(body string) int { return strings.Count(body, `<article class="card`) }

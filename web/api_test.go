package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// hfDailyPaper mirrors Hugging Face's /api/daily_papers item, as a client would decode it.
type hfDailyPaper struct {
	Paper        hfPaper   `json:"paper"`
	PublishedAt  time.Time `json:"publishedAt"`
	Title        string    `json:"title"`
	Summary      string    `json:"summary"`
	NumComments  int       `json:"numComments"`
	SubmittedBy  *hfUser   `json:"submittedBy"`
	Organization *struct {
		Name     string `json:"name"`
		Fullname string `json:"fullname"`
	} `json:"organization"`
}

type hfPaper struct {
	ID      string `json:"id"`
	Authors []struct {
		Name                string     `json:"name"`
		Hidden              bool       `json:"hidden"`
		User                *hfUser    `json:"user"`
		Status              string     `json:"status"`
		StatusLastChangedAt *time.Time `json:"statusLastChangedAt"`
	} `json:"authors"`
	NumComments int       `json:"numComments"`
	PublishedAt time.Time `json:"publishedAt"`
	// When and by whom it went on the community's list, as HF's paper
	// object says it; absent when it never did.
	SubmittedOnDailyAt *time.Time `json:"submittedOnDailyAt"`
	SubmittedOnDailyBy *hfUser    `json:"submittedOnDailyBy"`
	Title              string     `json:"title"`
	Summary            string     `json:"summary"`
	Upvotes            int        `json:"upvotes"`
	GithubRepo         string     `json:"githubRepo"`
	GithubStars        *int       `json:"githubStars"`
	AISummary          string     `json:"ai_summary"`
	AIKeywords         []string   `json:"ai_keywords"`
	ProjectPage        string     `json:"projectPage"`
	Organization       *struct {
		Name     string `json:"name"`
		Fullname string `json:"fullname"`
	} `json:"organization"`
}

type hfUser struct {
	Name     string `json:"name"`
	Fullname string `json:"fullname"`
	User     string `json:"user"` // the user name huggingface_hub reads
}

func decodeList(t *testing.T, h http.Handler, target string) []hfDailyPaper {
	t.Helper()
	w := get(t, h, target)
	wantStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q", ct)
	}
	var items []hfDailyPaper
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields() // the shape has exactly HF's fields
	if err := dec.Decode(&items); err != nil {
		t.Fatalf("decode %s: %v", target, err)
	}
	if items == nil {
		t.Fatalf("%s: null instead of a list", target)
	}
	return items
}

func TestAPIDailyPapersDefaultsToLatestDay(t *testing.T) {
	h := newServer(t, newStore(t))
	items := decodeList(t, h, "/api/daily_papers")
	if len(items) != nWed+nTricky {
		t.Fatalf("items = %d, want %d", len(items), nWed+nTricky)
	}
	for _, it := range items {
		if !it.PublishedAt.Equal(day(dayWed)) || it.Paper.ID == "" || it.Title != it.Paper.Title || len(it.Paper.Authors) == 0 {
			t.Errorf("bad item %+v", it)
		}
	}
}

func TestAPIDailyPapersShape(t *testing.T) {
	h := newServer(t, newStore(t))
	items := decodeList(t, h, "/api/daily_papers?date=2026-07-01&sort=trending&limit=2")
	if len(items) != 2 {
		t.Fatalf("items = %d", len(items))
	}
	top, second := items[0], items[1]
	if top.Paper.ID != "2607.00004" || top.Paper.Upvotes != 100 || second.Paper.ID != "2607.00001" {
		t.Fatalf("trending order: %s (%d), %s", top.Paper.ID, top.Paper.Upvotes, second.Paper.ID)
	}
	p := second
	if p.Paper.Title != `<script>alert("t")</script> Attention for $x<y$` || !strings.Contains(p.Summary, "$x<y$") {
		t.Errorf("text not preserved: %q / %q", p.Paper.Title, p.Summary)
	}
	if p.Paper.Authors[0].Name != "Eve <Hacker>" || p.NumComments != 0 || p.Paper.NumComments != 0 ||
		p.SubmittedBy == nil || p.SubmittedBy.Name != "akhaliq" ||
		p.Organization == nil || p.Organization.Fullname != "Google DeepMind" ||
		p.Paper.GithubStars == nil || *p.Paper.GithubStars != 7 || p.Paper.AISummary != "A summary." ||
		len(p.Paper.AIKeywords) != 1 {
		t.Errorf("community fields: %+v", p)
	}
	if want := time.Date(2026, 6, 30, 17, 59, 30, 0, time.UTC); !p.Paper.PublishedAt.Equal(want) {
		t.Errorf("paper.publishedAt = %v, want %v", p.Paper.PublishedAt, want)
	}
	// HF's timestamp form, with milliseconds.
	body := get(t, h, "/api/daily_papers?date=2026-07-01&sort=trending&limit=2").Body.String()
	if !strings.Contains(body, `"publishedAt":"2026-06-30T17:59:30.000Z"`) {
		t.Errorf("timestamp not in HF form: %s", clip(body))
	}
	// Optional fields are absent, not empty, when unknown.
	if strings.Contains(body[:strings.Index(body, `"2607.00001"`)], `"organization"`) {
		t.Errorf("organization present on a paper without one")
	}
}

func TestAPIDailyPapersPeriodsAndPages(t *testing.T) {
	h := newServer(t, newStore(t))
	tests := []struct {
		query string
		n     int
	}{
		{"date=2026-06-29", nMon},
		{"date=2026-06-30", 0},
		{"week=2026-W27", 50}, // the default limit
		{"week=2026-W27&limit=100", nMon + nWed + nTricky},
		{"month=2026-06", nFri + nMon},
		{"month=2026-06&limit=10&p=3", 5},
		{"month=2026-06&limit=10&p=4", 0},
		{"month=2026-06&limit=100&p=9999999999999", 0},
		{"date=2026-07-01&limit=1", 1},
		{"date=2026-07-01&limit=100", nWed + nTricky},
	}
	for _, tt := range tests {
		if got := len(decodeList(t, h, "/api/daily_papers?"+tt.query)); got != tt.n {
			t.Errorf("%s: %d items, want %d", tt.query, got, tt.n)
		}
	}
	// Pages partition the list.
	seen := map[string]bool{}
	for p := 0; p < 4; p++ {
		for _, it := range decodeList(t, h, "/api/daily_papers?month=2026-06&limit=10&p="+string(rune('0'+p))) {
			if seen[it.Paper.ID] {
				t.Errorf("%s on two pages", it.Paper.ID)
			}
			seen[it.Paper.ID] = true
		}
	}
	if len(seen) != nFri+nMon {
		t.Errorf("pages hold %d papers, want %d", len(seen), nFri+nMon)
	}
}

func TestAPIDailyPapersBadInput(t *testing.T) {
	h := newServer(t, newStore(t))
	for query, msg := range map[string]string{
		"date=2026-02-30":               "invalid date",
		"date=20260701":                 "invalid date",
		"week=2026-27":                  "invalid week",
		"week=2026-W00":                 "invalid week",
		"month=2026-7":                  "invalid month",
		"date=2026-07-01&week=2026-W27": "only one of",
		"limit=0":                       "invalid limit",
		"limit=101":                     "invalid limit",
		"limit=ten":                     "invalid limit",
		"p=-1":                          "invalid p",
		"p=1.5":                         "invalid p",
		"sort=best":                     "invalid sort",
	} {
		w := get(t, h, "/api/daily_papers?"+query)
		wantStatus(t, w, http.StatusBadRequest)
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || !strings.Contains(e.Error, msg) {
			t.Errorf("%s: error %q (%v), want it to mention %q", query, e.Error, err, msg)
		}
	}
}

func TestAPIPaper(t *testing.T) {
	h := newServer(t, newStore(t))
	for _, path := range []string{"/api/papers/2607.00001", "/api/papers/2607.00001v2", "/api/papers/hep-th/9901001"} {
		w := get(t, h, path)
		wantStatus(t, w, http.StatusOK)
		var p hfPaper
		dec := json.NewDecoder(w.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if p.ID == "" || p.Title == "" || len(p.Authors) == 0 {
			t.Errorf("%s: %+v", path, p)
		}
	}
	for path, want := range map[string]int{
		"/api/papers/2601.99999": http.StatusNotFound,
		"/api/papers/garbage":    http.StatusBadRequest,
		"/api/nothing":           http.StatusNotFound,
	} {
		w := get(t, h, path)
		wantStatus(t, w, want)
		var e struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
			t.Errorf("%s: body %q is not a JSON error", path, w.Body.String())
		}
	}
	w := get(t, h, "/api/papers/2601.99999")
	if !strings.Contains(w.Body.String(), "paper 2601.99999 not found") {
		t.Errorf("404 message: %s", w.Body.String())
	}
}

func TestAPISearchWithoutSearcher(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/api/papers/search?q="+url.QueryEscape("attention"))
	wantStatus(t, w, http.StatusServiceUnavailable)
	wantContains(t, w.Body.String(), `"error":"Search is not available on this server yet."`)
	page := get(t, h, "/search?q=attention")
	wantStatus(t, page, http.StatusServiceUnavailable)
	wantContains(t, page.Body.String(), "Search is not available", `value="attention"`)
}

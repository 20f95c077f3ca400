package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// Fixture papers listed within a week of fixedNow, so submittable.
var fresh = []string{"2606.26139", "2606.26564", "2606.26651", "2606.26612", "2606.26948", "2606.26850", "2606.26434"}

func submitBody(id string) string { return `{"paper_id": "` + id + `"}` }

func TestSubmitAPIPutsThePaperOnTodaysPicks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")

		w := ada.api(http.MethodPost, "/api/papers/submit", submitBody("https://arxiv.org/abs/2606.26139v2"))
		wantStatus(t, w, http.StatusCreated)
		if loc := w.Header().Get("Location"); loc != "/api/papers/2606.26139" {
			t.Errorf("Location = %q", loc)
		}
		var p hfPaper
		decodeJSON(t, w, &p) // the shape of GET /api/papers/{id}
		today := time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)
		if p.ID != "2606.26139" || p.SubmittedOnDailyAt == nil || !p.SubmittedOnDailyAt.Equal(today) ||
			p.SubmittedOnDailyBy == nil || p.SubmittedOnDailyBy.User != "ada" || p.SubmittedOnDailyBy.Name != "ada" {
			t.Fatalf("submitted paper: %+v (by %+v)", p, p.SubmittedOnDailyBy)
		}
		if body := get(t, site.h, "/api/papers/2606.26139").Body.String(); !strings.Contains(body, `"submittedOnDailyAt":"2026-07-02T00:00:00.000Z"`) {
			t.Errorf("GET /api/papers/{id} lacks the submission: %s", body)
		}

		// Today (no arXiv listing yet) is now the home page, showing its one pick.
		home := site.visit("/").Body.String()
		wantContains(t, home, "July 2, 2026", "1 paper", `Submitted by <a href="/u/ada">ada</a>`, `aria-current="page">Community picks <span class="c">1</span>`)
		if ids := cardIDs(home); len(ids) != 1 || ids[0] != "2606.26139" {
			t.Errorf("home cards = %v", ids)
		}
		// On its announcement day's full list it shows who submitted it too.
		wantContains(t, cardOf(site.visit("/papers/date/2026-06-26").Body.String(), "2606.26139"), `Submitted by <a href="/u/ada">ada</a>`)

		// The API's default day and list follow the pages.
		w = get(t, site.h, "/api/daily_papers")
		if w.Header().Get("X-Paperwire-List") != "picks" {
			t.Errorf("X-Paperwire-List = %q, want picks", w.Header().Get("X-Paperwire-List"))
		}
		items := decodeList(t, site.h, "/api/daily_papers")
		if len(items) != 1 || items[0].Paper.ID != "2606.26139" || !items[0].PublishedAt.Equal(today) ||
			items[0].SubmittedBy == nil || items[0].SubmittedBy.User != "ada" {
			t.Fatalf("latest day's items: %+v", items)
		}
		for query, n := range map[string]int{
			"submitter=ada":                         1,
			"submitter=ADA":                         0, // names are matched as stored
			"submitter=alan":                        0,
			"submitter=ada&date=2026-07-02":         1,
			"submitter=ada&date=2026-07-01":         0,
			"date=2026-06-26":                       nFri, // no picks that day: everything
			"date=2026-06-26&list=picks":            0,
			"week=2026-W27&list=picks":              1,
			"week=2026-W27&list=all&limit=100":      nMon + nWed + nTricky,
			"month=2026-06&list=all&limit=100&p=0":  nFri + nMon + 1, // + oldPopular
			"submitter=ada&list=picks&sort=upvotes": 1,
			// Trending without a period is /papers/trending's list: upvoted papers only.
			"submitter=ada&sort=trending": 0,
		} {
			if got := len(decodeList(t, site.h, "/api/daily_papers?"+query)); got != n {
				t.Errorf("%s: %d items, want %d", query, got, n)
			}
		}
		wantStatus(t, get(t, site.h, "/api/daily_papers?submitter=ada&list=all"), http.StatusBadRequest)

		// A duplicate is 409 with the paper's page, naming day and submitter.
		w = alan.api(http.MethodPost, "/api/papers/submit", submitBody("arXiv:2606.26139"))
		wantStatus(t, w, http.StatusConflict)
		var conflict struct {
			Error string `json:"error"`
			URL   string `json:"url"`
		}
		decodeJSON(t, w, &conflict)
		if conflict.URL != "/papers/2606.26139" || !strings.Contains(conflict.Error, "Jul 2, 2026") || !strings.Contains(conflict.Error, "ada") {
			t.Errorf("conflict: %+v", conflict)
		}
	})
}

func TestSubmitAPIRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		tests := []struct {
			name, body string
			header     []string
			status     int
			msg        string
		}{
			{"too old", submitBody("hep-th/9901001"), nil, http.StatusBadRequest, "first published on Jan 4, 1999, more than 14 days ago"},
			{"malformed", submitBody("not-an-id"), nil, http.StatusBadRequest, "is not an arXiv id"},
			{"other site", submitBody("https://example.com/abs/2606.26139"), nil, http.StatusBadRequest, "not to example.com"},
			{"not stored, no fetch", submitBody("2606.99999"), nil, http.StatusNotFound, "does not fetch papers from arXiv"},
			{"withdrawn", submitBody("2607.00003"), nil, http.StatusBadRequest, "withdrawn"},
			{"no paper_id", `{"id": "2606.26139"}`, nil, http.StatusBadRequest, "Missing paper_id"},
			{"cut short", `{"paper_id": "2606.26139"`, nil, http.StatusBadRequest, "not valid JSON: it ends too early"},
			{"bad JSON", `{"paper_id": '2606.26139'}`, nil, http.StatusBadRequest, "not valid JSON (at byte 14)"},
			{"a number", `{"paper_id": 2606.26139}`, nil, http.StatusBadRequest, `"paper_id" should be a JSON string, not a JSON number`},
			{"an array", `["2606.26139"]`, nil, http.StatusBadRequest, "should be a JSON object, not a JSON array"},
			{"two values", submitBody("2606.26139") + submitBody("2606.26564"), nil, http.StatusBadRequest, "more than one JSON value"},
			{"empty", "", []string{"Content-Type", "application/json"}, http.StatusBadRequest, "empty"},
			{"wrong type", submitBody("2606.26139"), []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType, "application/json"},
			{"form post", "paper_id=2606.26139", []string{"Content-Type", "application/x-www-form-urlencoded"}, http.StatusUnsupportedMediaType, "application/json"},
			{"too large", `{"paper_id": "` + strings.Repeat("x", 70<<10) + `"}`, nil, http.StatusRequestEntityTooLarge, "64 KB"},
			{"padded", submitBody("2606.26139") + strings.Repeat(" ", 70<<10), nil, http.StatusRequestEntityTooLarge, "64 KB"},
		}
		for _, tt := range tests {
			w := ada.api(http.MethodPost, "/api/papers/submit", tt.body, tt.header...)
			if w.Code != tt.status || !strings.Contains(apiErr(t, w), tt.msg) {
				t.Errorf("%s: %d %s; want %d mentioning %q", tt.name, w.Code, w.Body.String(), tt.status, tt.msg)
			}
		}
		w := site.call(http.MethodPost, "/api/papers/submit", submitBody("2606.26139"), "203.0.113.7:1")
		wantStatus(t, w, http.StatusUnauthorized)
		w = site.call(http.MethodPost, "/api/papers/submit", submitBody("2606.26139"), "203.0.113.7:1", "Authorization", "Bearer pw_bogus")
		wantStatus(t, w, http.StatusUnauthorized)
		if picks := decodeList(t, site.h, "/api/daily_papers?date=2026-07-02&list=picks"); len(picks) != 0 {
			t.Errorf("refused submissions left picks: %+v", picks)
		}
	})
}

// TestSubmitDailyLimit: five submissions a user per 24 hours by default;
// the sixth is 429 with when to come back, which the clock then bears out.
func TestSubmitDailyLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")
		for i, id := range fresh[:5] {
			site.now = fixedNow.Add(time.Duration(i) * time.Hour) // 09:00 … 13:00
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(id)), http.StatusCreated)
		}
		w := ada.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[5]))
		wantStatus(t, w, http.StatusTooManyRequests)
		// The 09:00 submission leaves the window just after 09:00 tomorrow,
		// 20 hours after 13:00: the wait is counted in whole hours, erring late.
		if ra := w.Header().Get("Retry-After"); ra != "75600" {
			t.Errorf("Retry-After = %q, want 75600 (21 hours)", ra)
		}
		wantContains(t, apiErr(t, w), "5 papers in the last 24 hours", "about 21 hours")
		wantStatus(t, alan.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[5])), http.StatusCreated) // per user

		site.now = fixedNow.Add(24 * time.Hour)
		w = ada.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[6]))
		wantStatus(t, w, http.StatusTooManyRequests)
		wantContains(t, apiErr(t, w), "about 1 hour")
		site.now = fixedNow.Add(24*time.Hour + time.Minute)
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[6])), http.StatusCreated)
	})
}

// TestSubmitRulesAreConfigurable: SubmitPerDay and SubmitMaxAge.
func TestSubmitRulesAreConfigurable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, func(cfg *web.Config) { cfg.SubmitPerDay, cfg.SubmitMaxAge = 2, 4*24*time.Hour })
		ada := site.member("ada")
		// Listed June 26, no first-version date: six days old, over four.
		w := ada.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[0]))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, apiErr(t, w), "first published on Jun 26, 2026, more than 4 days ago")
		for _, id := range []string{"2607.00001", "2607.00004"} { // June 30, July 1
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(id)), http.StatusCreated)
		}
		w = ada.api(http.MethodPost, "/api/papers/submit", submitBody("2606.30647"))
		wantStatus(t, w, http.StatusTooManyRequests)
		wantContains(t, apiErr(t, w), "2 papers in the last 24 hours")
	})
}

// TestSubmitLimitPerAddress: one address gets 20 submission attempts an
// hour, whoever is signed in, valid or not.
func TestSubmitLimitPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")
		alan.addr = ada.addr
		for range 10 {
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody("nonsense")), http.StatusBadRequest)
			wantStatus(t, alan.api(http.MethodPost, "/api/papers/submit", submitBody("nonsense")), http.StatusBadRequest)
		}
		w := alan.api(http.MethodPost, "/api/papers/submit", submitBody(fresh[0]))
		wantStatus(t, w, http.StatusTooManyRequests)
		if w.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	})
}

// TestSubmitFetchesFromArxiv runs a submission of a paper the server does
// not hold through the real arXiv client, against recorded responses.
func TestSubmitFetchesFromArxiv(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		srv, lookups := arxivReplay(t)
		site := newPaperSite(t, db, withArxiv(srv))
		ada := site.member("ada")

		// A paper arXiv does not know: 404, and nothing stored.
		w := ada.api(http.MethodPost, "/api/papers/submit", submitBody("2606.99999"))
		wantStatus(t, w, http.StatusNotFound)
		wantContains(t, apiErr(t, w), "arXiv has no paper 2606.99999")
		wantStatus(t, get(t, site.h, "/api/papers/2606.99999"), http.StatusNotFound)

		// One it knows, from 2016: fetched and stored, then refused as too old.
		w = ada.api(http.MethodPost, "/api/papers/submit", submitBody("https://arxiv.org/pdf/1605.08386v1"))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, apiErr(t, w), "first published on May 26, 2016")
		wantStatus(t, get(t, site.h, "/api/papers/1605.08386"), http.StatusOK)
		if *lookups != 2 {
			t.Errorf("%d arXiv lookups, want 2", *lookups)
		}

		// Four days after it appeared, it is welcome; stored now, it needs no lookup.
		site.now = time.Date(2016, 5, 30, 12, 0, 0, 0, time.UTC)
		w = ada.api(http.MethodPost, "/api/papers/submit", submitBody("1605.08386"))
		wantStatus(t, w, http.StatusCreated)
		var p hfPaper
		decodeJSON(t, w, &p)
		if p.Title != "Heat-bath random walks with Markov bases" || len(p.Authors) != 2 {
			t.Errorf("fetched paper: %+v", p)
		}
		if *lookups != 2 {
			t.Errorf("a stored paper was looked up again: %d lookups", *lookups)
		}
		wantContains(t, site.visit("/papers/date/2016-05-30").Body.String(), "Heat-bath random walks", `Submitted by <a href="/u/ada">ada</a>`)
	})
}

func TestSubmitForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")

		wantRedirect(t, site.visit("/papers/submit"), http.StatusSeeOther, "/signin?next=%2Fpapers%2Fsubmit")
		page := ada.page("/papers/submit")
		wantStatus(t, page, http.StatusOK)
		wantContains(t, page.Body.String(), `action="/papers/submit"`, `name="paper"`, "at most 14 days old", "5 papers in 24 hours; 5 left now")

		// Success: the day's picks, at the paper's card (highlighted by :target).
		w := ada.post("/papers/submit", postData("paper", " arxiv.org/pdf/2606.26564v1.pdf "))
		wantRedirect(t, w, http.StatusSeeOther, "/papers/date/2026-07-02?list=picks#p-2606.26564")
		list := ada.page("/papers/date/2026-07-02?list=picks").Body.String()
		wantContains(t, cardOf(list, "2606.26564"), `Submitted by <a href="/u/ada">ada</a>`)
		wantContains(t, ada.page("/papers/submit").Body.String(), "4 left now")
		wantContains(t, ada.page("/papers/2606.26564").Body.String(), "Community pick", `href="/papers/date/2026-07-02?list=picks#p-2606.26564">July 2, 2026</a>`)

		// A duplicate: the form again, 409, with links to the paper and its list.
		w = alan.post("/papers/submit", postData("paper", "2606.26564"))
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "is already on the list of Jul 2, 2026, submitted by ada.",
			`href="/papers/2606.26564"`, `href="/papers/date/2026-07-02?list=picks#p-2606.26564"`, `value="2606.26564"`)

		// What was typed comes back escaped.
		w = alan.post("/papers/submit", postData("paper", `<script>alert(1)</script>`))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), `value="&lt;script&gt;alert(1)&lt;/script&gt;"`, "is not an arXiv id")
		wantLacks(t, w.Body.String(), "<script>alert(1)")

		w = alan.post("/papers/submit", postData("paper", "hep-th/9901001"))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "more than 14 days ago")

		// Another site's page cannot submit in alan's name.
		wantStatus(t, alan.post("/papers/submit", postData("paper", fresh[0]), "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
		if picks := decodeList(t, site.h, "/api/daily_papers?list=picks&date=2026-07-02"); len(picks) != 1 {
			t.Errorf("picks after the form tests: %d, want 1", len(picks))
		}
	})
}

// TestSubmitLandsOnTheRightPage: with more picks than a page holds, the
// redirect names the page the new one is on.
func TestSubmitLandsOnTheRightPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, func(cfg *web.Config) { cfg.SubmitPerDay = 100 })
		ada := site.member("ada")
		// A day's picks sort by upvotes, then by id, newest first: 2607.00004
		// (100 upvotes) leads, and 2606.26100, the lowest id without votes,
		// comes 11th, on page 2 of 10 cards.
		ids := append([]string{"2607.00004", "2606.26122", "2606.26155"}, fresh...)
		for _, id := range ids {
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(id)), http.StatusCreated)
		}
		w := ada.post("/papers/submit", postData("paper", "2606.26100"))
		wantRedirect(t, w, http.StatusSeeOther, "/papers/date/2026-07-02?list=picks&p=2#p-2606.26100")
		if ids := cardIDs(site.visit("/papers/date/2026-07-02?list=picks&p=2").Body.String()); len(ids) != 1 || ids[0] != "2606.26100" {
			t.Errorf("page 2 of the picks: %v", ids)
		}
	})
}

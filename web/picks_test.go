package web_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestPicksOrEverything: a period shows its community picks when it has
// any, else everything announced, saying so; ?list= picks either.
func TestPicksOrEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")

		// No picks anywhere yet: the lists are everything, and say why.
		w := site.visit("/papers/date/2026-07-01")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		wantContains(t, body, "Nobody has submitted a paper for July 1, 2026 yet, so this is everything arXiv announced.",
			`href="/papers/submit">Submit one</a>`, `aria-current="page">All papers <span class="c">44</span>`,
			`href="/papers/date/2026-07-01?list=picks">Community picks <span class="c">0</span>`, "44 papers")
		w = site.visit("/papers/date/2026-07-01?list=picks")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "No community picks for July 1, 2026 yet.", `href="/papers/date/2026-07-01?list=all">All papers (44)</a>`)
		wantStatus(t, site.visit("/papers/date/2026-07-01?list=best"), http.StatusBadRequest)

		for _, id := range []string{"2606.26139", "2607.00001"} { // announced June 26 and July 1; picked July 2
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(id)), http.StatusCreated)
		}
		// Week 27 (June 29 – July 5) holds the picks day: picks first.
		body = site.visit("/papers/week/2026-W27").Body.String()
		wantContains(t, body, "2 papers", `aria-current="page">Community picks <span class="c">2</span>`,
			`href="/papers/week/2026-W27?list=all">All papers <span class="c">69</span>`,
			"Papers the community picked", `class="chip" href="/papers/week/2026-W27?cat=cs.LG">cs.LG <span class="c">1</span>`)
		wantLacks(t, body, "Nobody has submitted")
		if ids := cardIDs(body); !slices.Equal(ids, []string{"2607.00001", "2606.26139"}) { // 42 upvotes first
			t.Errorf("week's picks = %v", ids)
		}
		// The markup of a pick's title stays text.
		wantLacks(t, body, "<script>alert", "<img src=x")
		wantContains(t, body, "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Attention for $x&lt;y$")
		// A category of the picks narrows them; everything keeps its own counts.
		if ids := cardIDs(site.visit("/papers/week/2026-W27?cat=cs.GT").Body.String()); !slices.Equal(ids, []string{"2606.26139"}) {
			t.Errorf("picks in cs.GT = %v", ids)
		}
		all := site.visit("/papers/week/2026-W27?list=all").Body.String()
		wantContains(t, all, "69 papers", `aria-current="page">All papers`)
		if n := cards(all); n != pageSize {
			t.Errorf("all papers: %d cards", n)
		}
		// June 26 had no picks (its paper was picked on July 2): everything.
		wantContains(t, site.visit("/papers/date/2026-06-26").Body.String(), "10 papers", "Nobody has submitted a paper for June 26, 2026 yet")
		// A day with picks but no announcement is a list, not an empty day.
		body = site.visit("/papers/date/2026-07-02").Body.String()
		wantContains(t, body, "July 2, 2026", "2 papers")
		wantLacks(t, body, "No papers were announced")
	})
}

// TestTrending: /papers/trending ranks the last 30 days' upvoted papers by
// upvotes decayed with age, which orders them unlike "most upvoted".
func TestTrending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, alan := site.member("ada"), site.member("alan")
		// Announced June 26, picked today (July 2) and upvoted twice: its
		// age counts from today, 9 hours: 2 / 11^1.8 ≈ 0.027.
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody("2606.26139")), http.StatusCreated)
		ada.api(http.MethodPost, "/api/papers/2606.26139/upvote", "")
		alan.api(http.MethodPost, "/api/papers/2606.26139/upvote", "")

		w := site.visit("/papers/trending")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		// Ages from July 1 and June 10 at 09:00 on July 2: 33 and 537 hours.
		// 100/35^1.8 ≈ 0.166, 42/35^1.8 ≈ 0.070, then the pick ≈ 0.027,
		// 5/35^1.8 ≈ 0.008, and 300/539^1.8 ≈ 0.004; the 1,000 upvotes of
		// May 20 are outside the window, the papers without votes never in.
		want := []string{"2607.00004", "2607.00001", "2606.26139", "hep-th/9901001", oldPopular}
		if ids := cardIDs(body); !slices.Equal(ids, want) {
			t.Errorf("trending = %v, want %v", ids, want)
		}
		wantContains(t, body, "Trending Papers", "Papers of the last 30 days, ranked by their upvotes divided by (hours since they went on a list + 2)<sup>1.8</sup>",
			"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Attention for $x&lt;y$", `href="/papers/trending?cat=cs.LG"`)
		wantLacks(t, body, "<script>alert", "<b>bold</b>", outOfWindow)
		if ids := cardIDs(site.visit("/papers/trending?cat=cs.LG").Body.String()); !slices.Equal(ids, []string{"2607.00001", oldPopular}) {
			t.Errorf("trending in cs.LG = %v", ids)
		}
		wantStatus(t, site.visit("/papers/trending?p=2"), http.StatusNotFound)
		wantContains(t, site.visit("/papers/trending?cat=q-bio.XX").Body.String(), "Nothing in q-bio.XX has been upvoted in the last 30 days.")

		// Trending and most upvoted differ on a month's list and in the API.
		for _, tt := range []struct {
			sort  string
			first string
		}{{"trending", "2606.26139"}, {"upvotes", oldPopular}} {
			items := decodeList(t, site.h, "/api/daily_papers?month=2026-06&list=all&sort="+tt.sort)
			if len(items) == 0 || items[0].Paper.ID != tt.first {
				t.Errorf("API sort=%s starts with %v, want %s", tt.sort, items, tt.first)
			}
			ids := cardIDs(site.visit("/papers/month/2026-06?list=all&sort=" + tt.sort).Body.String())
			if len(ids) == 0 || ids[0] != tt.first {
				t.Errorf("page sort=%s starts with %v, want %s", tt.sort, ids, tt.first)
			}
		}
		month := site.visit("/papers/month/2026-06?list=all&sort=upvotes").Body.String()
		wantContains(t, month, `aria-current="true">Most upvoted</a>`)
		if !strings.Contains(month, `href="/papers/trending"`) {
			t.Error("list page does not link the trending page")
		}
	})
}

// TestReadOnlyServer: without accounts the lists still offer trending and
// both lists, but no button to press and nothing to submit.
func TestReadOnlyServer(t *testing.T) {
	h := newServer(t, newStore(t))
	body := get(t, h, "/papers/date/2026-07-01").Body.String()
	wantContains(t, cardOf(body, hot), `<div class="votes" title="100 upvotes">`)
	wantContains(t, body, `href="/papers/trending"`, `Community picks <span class="c">0</span>`)
	wantLacks(t, body, "/signin", "data-vote", `href="/papers/submit"`)
	w := get(t, h, "/papers/submit")
	wantStatus(t, w, http.StatusNotFound)
	wantContains(t, w.Body.String(), "This server does not take submissions.")
	wantStatus(t, get(t, h, "/papers/trending"), http.StatusOK)
	for _, path := range []string{"/papers/" + hot + "/upvote", "/api/papers/" + hot + "/upvote", "/api/papers/submit"} {
		req := httpPost(path, postData("action", "up"))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		wantStatus(t, w, http.StatusMethodNotAllowed)
	}
}

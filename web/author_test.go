package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// prolific adds papers by one author under several spellings, one per day.
func prolific(t *testing.T, site *paperSite, n int) []string {
	t.Helper()
	spellings := []string{"Zoë Sánchez", "ZOE SANCHEZ", "Zoe  Sanchez"}
	var papers []*paperwire.Paper
	var ids []string
	for i := range n {
		id := fmt.Sprintf("2606.8%04d", i+1)
		papers = append(papers, &paperwire.Paper{ID: id, Title: fmt.Sprintf("Study %d", i+1), Abstract: "A.",
			Authors: []string{"Other Person", spellings[i%len(spellings)]}, Categories: []string{"cs.LG"},
			ListedOn: day("2026-06-01").AddDate(0, 0, i), Upvotes: 1})
		ids = append([]string{id}, ids...) // newest first
	}
	if _, err := site.papers.UpsertPapers(context.Background(), papers); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestAuthorPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ids := prolific(t, site, pageSize+5)

		w := site.visit("/authors/zoe%20sanchez")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		if got := cardIDs(body); !slices.Equal(got, ids[:pageSize]) {
			t.Fatalf("page 1 = %v, want %v", got, ids[:pageSize])
		}
		wantContains(t, body, "<h1>", fmt.Sprintf("%d papers", pageSize+5), fmt.Sprintf("%d upvotes", pageSize+5),
			`<link rel="alternate" type="application/atom+xml" title="Papers by `,
			`href="/authors/`)
		if got := cardIDs(site.visit("/authors/Zo%C3%AB%20S%C3%A1nchez?p=2").Body.String()); !slices.Equal(got, ids[pageSize:]) {
			t.Fatalf("page 2 = %v", got)
		}
		wantStatus(t, site.visit("/authors/zoe%20sanchez?p=99"), http.StatusNotFound)
		wantStatus(t, site.visit("/authors/Nobody%20Atall"), http.StatusNotFound)
		wantStatus(t, site.visit("/authors/"+strings.Repeat("a", 400)), http.StatusBadRequest)

		// Names are escaped where shown, and link to their pages.
		page := site.visit("/papers/2607.00001").Body.String()
		wantContains(t, page, `<a class="author" href="/authors/Eve%20%3CHacker%3E">Eve &lt;Hacker&gt;</a>`)
		wantLacks(t, page, "<Hacker>")
		author := site.visit("/authors/Eve%20%3CHacker%3E").Body.String()
		wantContains(t, author, "<h1>Eve &lt;Hacker&gt;</h1>")
		wantLacks(t, author, "<Hacker>", `<script>alert("t")`)
		if card := cardOf(site.visit("/papers/date/2026-07-01").Body.String(), "2607.00001"); !strings.Contains(card, `href="/authors/Bob"`) {
			t.Errorf("card lacks author links: %s", card)
		}

		// Feeds: a real parser reads what the page lists, newest first.
		for _, format := range []string{"atom", "rss"} {
			f := parseFeed(t, site.visit("/authors/zoe%20sanchez/feed."+format), format)
			if got := itemIDs(t, f, "http://example.com"); !slices.Equal(got, ids) {
				t.Errorf("%s feed = %v, want %v", format, got, ids)
			}
			if !strings.Contains(f.Title, "Papers by") {
				t.Errorf("%s title %q", format, f.Title)
			}
		}
		wantStatus(t, site.visit("/authors/Nobody/feed.atom"), http.StatusNotFound)
	})
}

func TestAuthorClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		bob, eve, root := site.member("bob"), site.member("eve"), site.admin("root")
		paper := "/papers/2607.00001" // authors: "Eve <Hacker>", "Bob"

		wantContains(t, bob.page(paper).Body.String(), "Are you one of the authors?", `<option value="1">Bob</option>`)
		wantLacks(t, site.visit(paper).Body.String(), "Are you one of the authors?")
		w := site.serve(httpPost(paper+"/claims", form("position", "1")), "198.51.100.3:1")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/signin") {
			t.Fatalf("a visitor's claim: %d %s", w.Code, w.Header().Get("Location"))
		}
		wantStatus(t, bob.post(paper+"/claims", form("position", "7")), http.StatusBadRequest)
		wantStatus(t, bob.post(paper+"/claims", form("position", "x")), http.StatusBadRequest)
		wantStatus(t, bob.post(paper+"/claims", form("position", "1")), http.StatusSeeOther)
		wantStatus(t, bob.post(paper+"/claims", form("position", "1")), http.StatusConflict)
		wantContains(t, bob.page(paper).Body.String(), "your claim awaits an admin")

		// Only admins decide, on /admin.
		claims, err := site.papers.Claims(context.Background(), paperwire.ClaimPending, 10)
		if err != nil || len(claims) != 1 {
			t.Fatalf("pending claims: %+v, %v", claims, err)
		}
		claim := cid(claims[0].ID)
		wantStatus(t, eve.post("/admin/claims/"+claim+"/approve", nil), http.StatusForbidden)
		wantStatus(t, bob.post("/admin/claims/"+claim+"/approve", nil), http.StatusForbidden)
		admin := root.page("/admin").Body.String()
		wantContains(t, admin, "Authorship claims to review", `action="/admin/claims/`+claim+`/approve"`)
		wantStatus(t, root.post("/admin/claims/"+claim+"/approve", nil), http.StatusSeeOther)
		wantContains(t, root.page("/admin").Body.String(), "approve-claim", "No claims are waiting.")

		// The verified mark, the author page's link to the user, HF's fields in the API.
		wantContains(t, site.visit(paper).Body.String(), `<a class="verified" href="/u/bob"`)
		wantContains(t, site.visit("/authors/Bob").Body.String(), `Verified: <a href="/u/bob">bob</a>`)
		var p hfPaper
		decodeJSON(t, site.visit("/api/papers/2607.00001"), &p)
		a := p.Authors
		if len(a) != 2 || a[1].User == nil || a[1].User.User != "bob" || a[1].Status != "claimed_verified" || a[1].StatusLastChangedAt == nil ||
			a[0].User != nil || a[0].Status != "" || a[1].Hidden {
			t.Fatalf("API authors = %+v", a)
		}
		if card := cardOf(site.visit("/u/bob/papers").Body.String(), "2607.00001"); card == "" {
			t.Fatal("the verified paper is not on bob's profile")
		}

		// Only the claimant hides it from their profile or withdraws it.
		wantStatus(t, eve.post("/claims/"+claim+"/hide", nil), http.StatusForbidden)
		wantStatus(t, eve.post("/claims/"+claim+"/withdraw", nil), http.StatusForbidden)
		wantStatus(t, bob.post("/claims/"+claim+"/hide", nil), http.StatusSeeOther)
		if card := cardOf(site.visit("/u/bob/papers").Body.String(), "2607.00001"); card != "" {
			t.Fatal("a hidden paper still shows on bob's profile")
		}
		wantContains(t, bob.page("/u/bob/papers").Body.String(), "hidden from your profile", "Show on profile")
		decodeJSON(t, site.visit("/api/papers/2607.00001"), &p)
		if !p.Authors[1].Hidden {
			t.Error("API author not hidden")
		}
		// A second claim on a verified author is refused.
		wantStatus(t, eve.post(paper+"/claims", form("position", "1")), http.StatusConflict)
		wantStatus(t, bob.post("/claims/"+claim+"/withdraw", nil), http.StatusSeeOther)
		wantLacks(t, site.visit(paper).Body.String(), `class="verified"`)
	})
}

func TestAuthorClaimsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		bob, eve, root := site.member("bob"), site.member("eve"), site.admin("root")
		wantStatus(t, site.call("POST", "/api/papers/2607.00001/claims", `{"position":1}`, "198.51.100.2:1"), http.StatusUnauthorized)
		wantStatus(t, bob.api("POST", "/api/papers/2607.00001/claims", `{}`), http.StatusBadRequest)
		wantStatus(t, bob.api("POST", "/api/papers/2607.00001/claims", `{"position":9}`), http.StatusBadRequest)
		wantStatus(t, bob.api("POST", "/api/papers/2607.99999/claims", `{"position":0}`), http.StatusNotFound)
		w := bob.api("POST", "/api/papers/hep-th/9901001/claims", `{"position":0}`)
		wantStatus(t, w, http.StatusCreated)
		var c struct {
			ID        int64  `json:"id"`
			PaperID   string `json:"paperId"`
			Position  int    `json:"position"`
			Name      string `json:"name"`
			User      string `json:"user"`
			Status    string `json:"status"`
			Hidden    bool   `json:"hidden"`
			CreatedAt string `json:"createdAt"`
		}
		decodeJSON(t, w, &c)
		if c.PaperID != "hep-th/9901001" || c.Name != "Juan Maldacena" || c.User != "bob" || c.Status != "pending" {
			t.Fatalf("claim = %+v", c)
		}
		wantStatus(t, bob.api("POST", "/api/papers/hep-th/9901001/claims", `{"position":0}`), http.StatusConflict)
		wantStatus(t, eve.api("DELETE", "/api/claims/"+cid(c.ID), ""), http.StatusForbidden)
		wantStatus(t, root.api("DELETE", "/api/claims/"+cid(c.ID), ""), http.StatusNoContent)
		wantStatus(t, bob.api("DELETE", "/api/claims/"+cid(c.ID), ""), http.StatusNotFound)
	})
}

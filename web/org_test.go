package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestOrgPageListsImportedPapersAndFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		ctx := context.Background()
		// Three more DeepMind papers from an import, on three days, to page through.
		var more []*paperwire.Paper
		for i, d := range []string{"2026-06-26", "2026-06-29", "2026-06-30"} {
			more = append(more, &paperwire.Paper{ID: "2606.9000" + string(rune('1'+i)), Title: "DeepMind paper " + d,
				Authors: []string{"A. B."}, Categories: []string{"cs.LG"}, ListedOn: day(d),
				Organization: &paperwire.Organization{Name: "deepmind"}})
		}
		if _, err := site.papers.UpsertPapers(ctx, more); err != nil {
			t.Fatal(err)
		}
		w := site.visit("/orgs/deepmind")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		if got, want := cardIDs(body), []string{"2607.00001", "2606.90003", "2606.90002", "2606.90001"}; !slices.Equal(got, want) {
			t.Fatalf("org page lists %v, want %v (newest first)", got, want)
		}
		wantContains(t, body, "<h1>Google DeepMind</h1>", "4 papers",
			`<link rel="alternate" type="application/atom+xml" title="Google DeepMind · Paperwire (Atom)" href="/orgs/deepmind/feed.atom">`,
			`<link rel="alternate" type="application/rss+xml" title="Google DeepMind · Paperwire (RSS)" href="/orgs/deepmind/feed.rss">`)
		wantRedirect(t, site.visit("/orgs/DeepMind"), http.StatusMovedPermanently, "/orgs/deepmind")
		wantStatus(t, site.visit("/orgs/nobody"), http.StatusNotFound)
		wantStatus(t, site.visit("/orgs/deepmind?p=9"), http.StatusNotFound)
		wantStatus(t, site.visit("/orgs/deepmind?p=x"), http.StatusBadRequest)

		for _, format := range []string{"atom", "rss"} {
			f := parseFeed(t, site.visit("/orgs/deepmind/feed."+format), format)
			if got := itemIDs(t, f, testHost); !slices.Equal(got, cardIDs(body)) {
				t.Fatalf("%s feed lists %v, the page %v", format, got, cardIDs(body))
			}
			if f.Title != "Google DeepMind · Paperwire" {
				t.Errorf("%s title %q", format, f.Title)
			}
		}
		w = site.visit("/orgs/deepmind/feed.atom")
		req := httptest.NewRequest(http.MethodGet, "/orgs/deepmind/feed.atom", nil)
		wantStatus(t, site.serve(req, "198.51.100.1:1", "If-None-Match", w.Header().Get("ETag")), http.StatusNotModified)
		wantStatus(t, site.visit("/orgs/nobody/feed.rss"), http.StatusNotFound)
	})
}

func TestAdminOrgsCreateEditEscaped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		ada, root := site.member("ada"), site.member("root").makeAdmin()

		// Only admins, and only with a session.
		wantStatus(t, ada.page("/admin/orgs"), http.StatusForbidden)
		wantStatus(t, ada.post("/admin/orgs", postData("slug", "acme", "name", "ACME")), http.StatusForbidden)
		wantStatus(t, root.api(http.MethodPost, "/admin/orgs", ""), http.StatusForbidden)
		wantStatus(t, site.visit("/admin/orgs"), http.StatusSeeOther)
		if _, err := site.papers.Org(context.Background(), "acme"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("a non-admin made an org: %v", err)
		}

		w := root.post("/admin/orgs", postData("slug", "acme", "name", "ACME "+xss, "description", "We "+xss, "url", "https://acme.example/"))
		wantRedirect(t, w, http.StatusSeeOther, "/admin/orgs?done=created")
		wantStatus(t, root.post("/admin/orgs", postData("slug", "ACME")), http.StatusConflict)
		w = root.post("/admin/orgs", postData("slug", "evil", "url", "javascript:alert(1)"))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "https://")
		wantStatus(t, root.post("/admin/orgs", postData("slug", "a/b")), http.StatusBadRequest)

		page := site.visit("/orgs/acme").Body.String()
		wantLacks(t, page, "<script>alert(1)", "<img src=x")
		wantContains(t, page, "ACME &lt;script&gt;alert(1)&lt;/script&gt;", `href="https://acme.example/"`)
		wantContains(t, root.page("/admin/orgs").Body.String(), `id="org-acme"`, `value="ACME &lt;script&gt;`)

		// An admin's edit: the name papers carry changes too, and goes into the audit log.
		ada.submit(fresh[0])
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+fresh[0]+"/links", `{"organizationId": "acme"}`), http.StatusOK)
		w = root.post("/admin/orgs/acme", postData("name", "ACME Labs", "description", "", "url", ""))
		wantRedirect(t, w, http.StatusSeeOther, "/admin/orgs#org-acme")
		if p := site.stored(fresh[0]); p.Organization == nil || p.Organization.Fullname != "ACME Labs" {
			t.Fatalf("paper's org after the edit: %+v", p.Organization)
		}
		wantStatus(t, ada.post("/admin/orgs/acme", postData("name", "Mine")), http.StatusForbidden)
		wantStatus(t, root.post("/admin/orgs/nope", postData("name", "x")), http.StatusNotFound)
		log, err := site.users.AuditLog(context.Background(), 10)
		if err != nil || len(log) < 2 || log[0].Action != "update-org" || log[1].Action != "create-org" {
			t.Fatalf("audit log %+v, %v", log, err)
		}
		wantContains(t, cardOf(site.visit("/orgs/acme").Body.String(), fresh[0]), `<a class="org" href="/orgs/acme">ACME Labs</a>`)
	})
}

// An import of Hugging Face's daily_papers JSON through the real importer
// attributes its papers to the organization it names: the org gets its row
// and its page lists them, with the imported repository's stars.
func TestHFImportAttributesOrganization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		item := `[{"paper":{"id":"2501.00001","authors":[{"name":"A B"}],"publishedAt":"2025-01-01T10:00:00.000Z",
"title":"Acme's model","summary":"S","upvotes":12,"githubRepo":"https://github.com/acme/model","githubStars":1234},
"publishedAt":"2025-01-02T08:00:00.000Z","numComments":0,"submittedBy":{"name":"alice","fullname":"Alice"},
"organization":{"name":"acme-ai","fullname":"Acme <AI>"}}]`
		path := filepath.Join(t.TempDir(), "daily_papers.json")
		if err := os.WriteFile(path, []byte(item), 0o644); err != nil {
			t.Fatal(err)
		}
		im := ingest.NewImporter(site.papers, site.papers, ingest.Options{Now: func() time.Time { return fixedNow }})
		if _, err := im.ImportFile(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		w := site.visit("/orgs/acme-ai")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		if got := cardIDs(body); !slices.Equal(got, []string{"2501.00001"}) {
			t.Fatalf("org page lists %v", got)
		}
		wantContains(t, body, "<h1>Acme &lt;AI&gt;</h1>", "Code ★ 1,234")
		wantContains(t, site.visit("/api/papers/2501.00001").Body.String(), `"githubStars":1234`, `"organization":{"name":"acme-ai","fullname":"Acme \u003cAI\u003e"}`)
	})
}

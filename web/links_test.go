package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// linksAnswer is the paper object the links API answers with.
type linksAnswer struct {
	ID           string `json:"id"`
	GithubRepo   string `json:"githubRepo"`
	GithubStars  *int   `json:"githubStars"`
	ProjectPage  string `json:"projectPage"`
	Organization *struct {
		Name     string `json:"name"`
		Fullname string `json:"fullname"`
	} `json:"organization"`
}

func TestPaperLinksWhoMaySetThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		carolID := int64(-1)
		verified := func(_ context.Context, userID int64, paperID string) (bool, error) {
			return userID == carolID && paperID == fresh[0], nil
		}
		site := newPaperSite(t, db, withCuration(verified))
		ada, bob, carol, root := site.member("ada"), site.member("bob"), site.member("carol"), site.member("root").makeAdmin()
		carolID = carol.ID
		ada.submit(fresh[0])
		api := "/api/papers/" + fresh[0] + "/links"

		// The submitter sets all three, HF's shape; the answer is the paper.
		w := ada.api(http.MethodPost, api, `{"githubRepo": "https://github.com/ada/attention/", "projectPage": "https://ada.example/attention", "organizationId": "deepmind"}`)
		wantStatus(t, w, http.StatusOK)
		var got linksAnswer
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.GithubRepo != "https://github.com/ada/attention" || got.ProjectPage != "https://ada.example/attention" ||
			got.GithubStars == nil || *got.GithubStars != 0 || got.Organization == nil || got.Organization.Fullname != "Google DeepMind" {
			t.Fatalf("answer %s", w.Body.String())
		}
		body := site.visit("/api/papers/" + fresh[0]).Body.String()
		wantContains(t, body, `"githubRepo":"https://github.com/ada/attention"`, `"organization":{"name":"deepmind","fullname":"Google DeepMind"}`)

		// Others: 401 without a token or with a bad one, 403 signed in, and nothing changes.
		wantStatus(t, site.call(http.MethodPost, api, `{"githubRepo": "https://github.com/evil/x"}`, "203.0.113.9:1"), http.StatusUnauthorized)
		wantStatus(t, site.call(http.MethodPost, api, `{"githubRepo": "https://github.com/evil/x"}`, "203.0.113.9:1", "Authorization", "Bearer nope"), http.StatusUnauthorized)
		w = bob.api(http.MethodPost, api, `{"githubRepo": "https://github.com/evil/x"}`)
		wantStatus(t, w, http.StatusForbidden)
		w = bob.post("/papers/"+fresh[0]+"/links", postData("github_repo", "https://github.com/evil/x", "project_page", ""))
		wantStatus(t, w, http.StatusForbidden)
		if p := site.stored(fresh[0]); p.GitHubRepo != "https://github.com/ada/attention" || p.ProjectPage == "" {
			t.Fatalf("someone else changed the links: %+v", p)
		}
		// A verified author (through the hook) and an admin may.
		wantStatus(t, carol.api(http.MethodPost, api, `{"projectPage": "https://carol.example/"}`), http.StatusOK)
		wantStatus(t, carol.api(http.MethodPost, "/api/papers/"+fresh[1]+"/links", `{"projectPage": "https://carol.example/"}`), http.StatusForbidden)
		wantStatus(t, root.api(http.MethodPost, "/api/papers/"+fresh[1]+"/links", `{"organizationId": 1}`), http.StatusOK)
		wantStatus(t, root.api(http.MethodPost, "/api/papers/2601.99999/links", `{"projectPage": "https://x.example/"}`), http.StatusNotFound)
		// Old-style ids keep their slash, in the API and the form.
		wantStatus(t, root.api(http.MethodPost, "/api/papers/hep-th/9901001/links", `{"githubRepo": "https://github.com/old/strings"}`), http.StatusOK)
		wantRedirect(t, root.post("/papers/hep-th/9901001/links", postData("github_repo", "https://github.com/old/strings2", "project_page", "")),
			http.StatusSeeOther, "/papers/hep-th/9901001#links")
		if p := site.stored("hep-th/9901001"); p.GitHubRepo != "https://github.com/old/strings2" {
			t.Fatalf("old-style paper's repo %q", p.GitHubRepo)
		}
		wantStatus(t, root.api(http.MethodPost, api, `{"organizationId": "no-such-org"}`), http.StatusNotFound)

		// Bad links are 400 and store nothing.
		for _, body := range []string{
			`{"githubRepo": "javascript:alert(1)"}`, `{"githubRepo": "https://github.com/a/b/tree/main"}`,
			`{"githubRepo": "https://gitlab.com/a/b"}`, `{"githubRepo": "http://github.com/a/b"}`,
			`{"projectPage": "data:text/html,<script>alert(1)</script>"}`, `{"projectPage": "https://u:p@evil.example/"}`,
			`{"projectPage": "https://x.example/\"><script>alert(1)</script>"}`, `{"githubRepo": 5}`, `[]`,
		} {
			w := ada.api(http.MethodPost, api, body)
			wantStatus(t, w, http.StatusBadRequest)
			apiErr(t, w)
		}
		if p := site.stored(fresh[0]); p.GitHubRepo != "https://github.com/ada/attention" || p.ProjectPage != "https://carol.example/" {
			t.Fatalf("a refused change was stored: %+v", p)
		}
		wantStatus(t, ada.api(http.MethodPost, api, `{"githubRepo": "x"`+strings.Repeat(" ", 70<<10)+`}`), http.StatusRequestEntityTooLarge)

		// The page shows the form to those who may use it, and the form works without JavaScript.
		page := ada.page("/papers/" + fresh[0]).Body.String()
		wantContains(t, page, `action="/papers/`+fresh[0]+`/links"`, `value="https://github.com/ada/attention"`, `href="/orgs/deepmind"`)
		wantLacks(t, bob.page("/papers/"+fresh[0]).Body.String(), `/links"`)
		wantLacks(t, site.visit("/papers/"+fresh[0]).Body.String(), `/links"`)
		w = ada.post("/papers/"+fresh[0]+"/links", postData("github_repo", "https://github.com/ada/v2", "project_page", "", "organization", ""))
		wantRedirect(t, w, http.StatusSeeOther, "/papers/"+fresh[0]+"#links")
		p := site.stored(fresh[0])
		if p.GitHubRepo != "https://github.com/ada/v2" || p.ProjectPage != "" || p.Organization != nil {
			t.Fatalf("after the form: %+v", p)
		}
		w = ada.post("/papers/"+fresh[0]+"/links", postData("github_repo", "javascript:alert(1)", "project_page", ""))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "https://github.com/{owner}/{repo}")
	})
}

func TestImportedStarsOnCardsAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		// 2607.00001 was imported from Hugging Face with a repository of 7 stars and DeepMind.
		page := site.visit("/papers/2607.00001").Body.String()
		wantContains(t, page, `href="https://github.com/example/repo" rel="external">Code <span class="stars"`, `★ 7`,
			`<a href="/orgs/deepmind">Google DeepMind</a>`)
		card := cardOf(site.visit("/papers/date/2026-07-01?list=all").Body.String(), "2607.00001")
		wantContains(t, card, `<a class="org" href="/orgs/deepmind">Google DeepMind</a>`, `Code ★ 7</a>`)
		wantLacks(t, card, `class="save"`)
		ada := site.member("ada")
		wantContains(t, cardOf(ada.page("/papers/date/2026-07-01?list=all").Body.String(), "2607.00001"),
			`<a class="save" href="/collections/add?paper=2607.00001">Save</a>`)
	})
}

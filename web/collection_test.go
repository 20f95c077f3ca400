package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestCollectionFormsWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		ada, bob := site.member("ada"), site.member("bob")

		// A visitor is sent to sign in.
		wantStatus(t, site.visit("/collections/new"), http.StatusSeeOther)
		wantStatus(t, site.visit("/collections/add?paper=2607.00001"), http.StatusSeeOther)

		// The card's Save link leads to a chooser that can also make the collection.
		wantContains(t, ada.page("/collections/add?paper=2607.00001").Body.String(), `name="collection" value="new" checked`)
		w := ada.post("/collections/add", postData("paper", "2607.00001", "collection", "new", "title", "Reading "+xss, "note", "Read "+xss))
		url := "/collections/ada/reading-script-alert-1-script-img-src-x-onerror-alert-2"
		wantRedirect(t, w, http.StatusSeeOther, url+"?done=added#p-2607.00001")
		for _, id := range []string{"hep-th/9901001", "2607.00004"} {
			c, err := site.papers.Collection(t.Context(), ada.ID, "ada", url[len("/collections/ada/"):])
			if err != nil {
				t.Fatal(err)
			}
			w := ada.post("/collections/add", postData("paper", id, "collection", itoa(c.ID)))
			wantRedirect(t, w, http.StatusSeeOther, url+"?done=added#p-"+id)
		}
		wantStatus(t, ada.post("/collections/add", postData("paper", "2607.00004", "collection", "new", "title", "")), http.StatusBadRequest)

		// Everyone sees it, every user string escaped; the owner's controls are the owner's.
		page := site.visit(url).Body.String()
		if got := cardIDs(page); !slices.Equal(got, []string{"2607.00001", "hep-th/9901001", "2607.00004"}) {
			t.Fatalf("collection lists %v", got)
		}
		wantLacks(t, page, "<script>alert(1)", "<img src=x", `name="action" value="remove"`, "Edit collection")
		wantContains(t, page, "Reading &lt;script&gt;alert(1)&lt;/script&gt;", "Read &lt;script&gt;alert(1)&lt;/script&gt;",
			`href="`+url+`/feed.atom"`)
		own := ada.page(url).Body.String()
		wantContains(t, own, "Edit collection", `name="action" value="remove"`)

		// Reorder, note and remove with plain forms.
		wantRedirect(t, ada.post(url+"/items", postData("paper", "2607.00004", "action", "up")), http.StatusSeeOther, url+"#p-2607.00004")
		wantRedirect(t, ada.post(url+"/items", postData("paper", "2607.00001", "action", "down")), http.StatusSeeOther, url+"#p-2607.00001")
		if got := cardIDs(site.visit(url).Body.String()); !slices.Equal(got, []string{"2607.00004", "2607.00001", "hep-th/9901001"}) {
			t.Fatalf("after moving: %v", got)
		}
		ada.post(url+"/items", postData("paper", "hep-th/9901001", "action", "note", "note", "Classic."))
		wantStatus(t, ada.post(url+"/items", postData("paper", "2607.00004", "action", "remove")), http.StatusSeeOther)
		page = site.visit(url).Body.String()
		wantContains(t, page, "Classic.")
		if got := cardIDs(page); !slices.Equal(got, []string{"2607.00001", "hep-th/9901001"}) {
			t.Fatalf("after removing: %v", got)
		}

		// Bob can change nothing of it.
		for _, form := range [][]string{
			{"paper", "2607.00001", "action", "remove"}, {"paper", "2607.00001", "action", "note", "note", "bob was here"},
			{"paper", "2607.00001", "action", "up"},
		} {
			wantStatus(t, bob.post(url+"/items", postData(form...)), http.StatusForbidden)
		}
		wantStatus(t, bob.post(url, postData("action", "delete")), http.StatusForbidden)
		wantStatus(t, bob.post(url, postData("action", "update", "title", "Bob's now")), http.StatusForbidden)
		c, _ := site.papers.Collection(t.Context(), 0, "ada", url[len("/collections/ada/"):])
		wantStatus(t, bob.post("/collections/add", postData("paper", "2607.00004", "collection", itoa(c.ID))), http.StatusForbidden)
		page = site.visit(url).Body.String()
		wantLacks(t, page, "bob was here", "Bob&#39;s now")
		if got := cardIDs(page); len(got) != 2 {
			t.Fatalf("bob changed it: %v", got)
		}

		// The paper page lists it, and the profile's tab, escaped.
		paper := site.visit("/papers/hep-th/9901001").Body.String()
		wantContains(t, paper, `href="`+url+`"`, "1 public collection", "Reading &lt;script&gt;")
		wantLacks(t, paper, "<script>alert(1)", "<img src=x")
		wantContains(t, site.visit("/u/ada").Body.String(), `href="/u/ada/collections"`)
		profile := site.visit("/u/ada/collections").Body.String()
		wantContains(t, profile, `href="`+url+`"`, "Reading &lt;script&gt;")
		wantLacks(t, profile, "<script>alert(1)", "<img src=x")

		// Renamed, then deleted by its owner.
		wantRedirect(t, ada.post(url, postData("action", "update", "title", "Renamed", "description", "D")), http.StatusSeeOther, url+"?done=saved")
		wantContains(t, site.visit(url).Body.String(), "<h1>Renamed")
		wantRedirect(t, ada.post(url, postData("action", "delete")), http.StatusSeeOther, "/u/ada/collections")
		wantStatus(t, site.visit(url), http.StatusNotFound)
	})
}

func TestPrivateCollectionInvisibleEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		ada, bob := site.member("ada"), site.member("bob")
		w := ada.post("/collections", postData("title", "Secret plans", "description", "hush", "private", "1"))
		url := "/collections/ada/secret-plans"
		wantRedirect(t, w, http.StatusSeeOther, url+"?done=created")
		w = ada.api(http.MethodPost, "/api/collections/ada/secret-plans/items", `{"item": {"type": "paper", "id": "2607.00004"}, "note": "n"}`)
		wantStatus(t, w, http.StatusCreated)

		// The owner sees it, marked, with no feed.
		own := ada.page(url)
		wantStatus(t, own, http.StatusOK)
		wantContains(t, own.Body.String(), "Only you see this collection", "Secret plans")
		wantLacks(t, own.Body.String(), "feed.atom", "feed.rss")
		if cc := own.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("private page Cache-Control %q", cc)
		}

		// Everyone else: 404 (never 403), on pages, API, feeds, lists and counts.
		for _, get := range []func(string) *httptest.ResponseRecorder{site.visit, bob.page} {
			for _, path := range []string{url, "/collections/ADA/secret-plans", url + "/feed.atom", url + "/feed.rss", "/api" + url} {
				wantStatus(t, get(path), http.StatusNotFound)
			}
			wantLacks(t, get("/u/ada/collections").Body.String(), "Secret plans")
			paper := get("/papers/2607.00004").Body.String()
			wantLacks(t, paper, "Secret plans")
			wantContains(t, paper, "No public collection holds this paper yet.")
			wantLacks(t, get("/api/collections?owner=ada").Body.String(), "secret")
			wantLacks(t, get("/api/collections?item=papers/2607.00004").Body.String(), "secret")
		}
		wantStatus(t, ada.page(url+"/feed.atom"), http.StatusNotFound)
		wantStatus(t, bob.api(http.MethodGet, "/api"+url, ""), http.StatusNotFound)
		for _, req := range [][2]string{
			{http.MethodPatch, `{"title": "mine"}`}, {http.MethodDelete, ""},
		} {
			wantStatus(t, bob.api(req[0], "/api"+url, req[1]), http.StatusNotFound)
		}
		wantStatus(t, bob.api(http.MethodPost, "/api"+url+"/items", `{"item": {"type": "paper", "id": "2607.00001"}}`), http.StatusNotFound)
		wantStatus(t, bob.api(http.MethodDelete, "/api"+url+"/items/2607.00004", ""), http.StatusNotFound)
		wantStatus(t, bob.post(url+"/items", postData("paper", "2607.00004", "action", "remove")), http.StatusNotFound)
		wantStatus(t, bob.post(url, postData("action", "delete")), http.StatusNotFound)
		if got := ada.api(http.MethodGet, "/api"+url, "").Body.String(); !strings.Contains(got, `"id":"2607.00004"`) {
			t.Fatalf("bob changed the private collection: %s", got)
		}
		// The owner's own lists and API show it.
		wantContains(t, ada.page("/u/ada/collections").Body.String(), "Secret plans", "Private")
		wantContains(t, ada.api(http.MethodGet, "/api/collections?owner=ada", "").Body.String(), `"private":true`)

		// Made public, it shows everywhere, feed included.
		w = ada.api(http.MethodPatch, "/api"+url, `{"private": false}`)
		wantStatus(t, w, http.StatusOK)
		wantStatus(t, site.visit(url), http.StatusOK)
		f := parseFeed(t, site.visit(url+"/feed.rss"), "rss")
		if got := itemIDs(t, f, testHost); !slices.Equal(got, []string{"2607.00004"}) {
			t.Fatalf("feed lists %v", got)
		}
		wantContains(t, site.visit("/papers/2607.00004").Body.String(), `href="`+url+`"`)
	})
}

func TestCollectionsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db, withCuration(nil))
		ada, bob := site.member("ada"), site.member("bob")
		wantStatus(t, site.call(http.MethodPost, "/api/collections", `{"title": "x"}`, "203.0.113.1:1"), http.StatusUnauthorized)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "  "}`), http.StatusBadRequest)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "x", "namespace": "bob"}`), http.StatusForbidden)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "`+strings.Repeat("x", 201)+`"}`), http.StatusBadRequest)

		w := ada.api(http.MethodPost, "/api/collections", `{"title": "Diffusion", "description": "Best of"}`)
		wantStatus(t, w, http.StatusCreated)
		if loc := w.Header().Get("Location"); loc != "/api/collections/ada/diffusion" {
			t.Fatalf("Location %q", loc)
		}
		api := "/api/collections/ada/diffusion"
		for _, id := range []string{"2607.00001", "2607.00004", "hep-th/9901001"} {
			wantStatus(t, ada.api(http.MethodPost, api+"/items", `{"item": {"type": "paper", "id": "`+id+`"}}`), http.StatusCreated)
		}
		wantStatus(t, ada.api(http.MethodPost, api+"/items", `{"item": {"type": "paper", "id": "2607.00001"}}`), http.StatusConflict)
		wantStatus(t, ada.api(http.MethodPost, api+"/items", `{"item": {"type": "model", "id": "x"}}`), http.StatusBadRequest)
		wantStatus(t, ada.api(http.MethodPost, api+"/items", `{"item": {"type": "paper", "id": "2601.99999"}}`), http.StatusNotFound)
		w = ada.api(http.MethodPatch, api+"/items/hep-th/9901001", `{"position": 0, "note": "first"}`)
		wantStatus(t, w, http.StatusOK)
		var got struct {
			Slug     string `json:"slug"`
			NumItems int    `json:"numItems"`
			Owner    struct {
				Name string `json:"name"`
			} `json:"owner"`
			Items []struct {
				Type     string `json:"type"`
				ID       string `json:"id"`
				Position int    `json:"position"`
				Note     *struct {
					Text string `json:"text"`
				} `json:"note"`
				Paper struct {
					Title string `json:"title"`
				} `json:"paper"`
			} `json:"items"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Slug != "ada/diffusion" || got.Owner.Name != "ada" || got.NumItems != 3 || len(got.Items) != 3 ||
			got.Items[0].ID != "hep-th/9901001" || got.Items[0].Note == nil || got.Items[0].Note.Text != "first" ||
			got.Items[0].Type != "paper" || got.Items[1].ID != "2607.00001" || got.Items[2].Position != 2 || got.Items[0].Paper.Title == "" {
			t.Fatalf("collection %s", w.Body.String())
		}
		wantStatus(t, ada.api(http.MethodPatch, api+"/items/2607.00004", `{}`), http.StatusBadRequest)
		wantStatus(t, ada.api(http.MethodPatch, api+"/items/2601.99999", `{"note": "x"}`), http.StatusNotFound)

		// Bob reads it and changes nothing: 403, as it is public.
		wantStatus(t, bob.api(http.MethodGet, api, ""), http.StatusOK)
		wantStatus(t, bob.api(http.MethodPatch, api, `{"title": "mine"}`), http.StatusForbidden)
		wantStatus(t, bob.api(http.MethodDelete, api, ""), http.StatusForbidden)
		wantStatus(t, bob.api(http.MethodPost, api+"/items", `{"item": {"type": "paper", "id": "2607.00003"}}`), http.StatusForbidden)
		wantStatus(t, bob.api(http.MethodPatch, api+"/items/2607.00001", `{"note": "bob"}`), http.StatusForbidden)
		wantStatus(t, bob.api(http.MethodDelete, api+"/items/2607.00001", ""), http.StatusForbidden)
		wantStatus(t, site.call(http.MethodDelete, api, "", "203.0.113.1:1"), http.StatusUnauthorized)

		// Lists by owner and by paper.
		wantContains(t, site.visit("/api/collections?owner=ada").Body.String(), `"slug":"ada/diffusion"`)
		wantContains(t, site.visit("/api/collections?item=papers/hep-th/9901001").Body.String(), `"slug":"ada/diffusion"`)
		wantStatus(t, site.visit("/api/collections"), http.StatusBadRequest)
		wantStatus(t, site.visit("/api/collections?owner=nobody"), http.StatusNotFound)

		wantStatus(t, ada.api(http.MethodDelete, api+"/items/2607.00001", ""), http.StatusNoContent)
		wantStatus(t, ada.api(http.MethodDelete, api, ""), http.StatusNoContent)
		wantStatus(t, site.visit(api), http.StatusNotFound)
	})
}

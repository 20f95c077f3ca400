package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// TestEveryFeedKind walks every kind of page with a feed, on both stores:
// the lists of a day, a week (community picks) and a month (everything
// announced), the home page, trending, a search with its filters, an
// author, an organization and a public collection. Each page advertises
// its Atom and RSS twins in <head>; each twin parses with a real reader;
// its entry for the tricky paper carries the title, the authors, the
// abstract, the paper page and arXiv links, the dates and the categories;
// and a repeated GET with either validator is a 304. A private collection
// and the For-you list have no feed a visitor can reach.
func TestEveryFeedKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		users := store.NewUserStore(db)
		site := newPaperSite(t, db, withCuration(nil), func(c *web.Config) {
			c.Searcher = titleSearcher{c.Papers}
			c.FeedTokens = users
		})
		ada := site.member("ada")
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "Reading list"}`), http.StatusCreated)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections/ada/reading-list/items", `{"item": {"type": "paper", "id": "2607.00001"}}`), http.StatusCreated)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections", `{"title": "Secret", "private": true}`), http.StatusCreated)
		wantStatus(t, ada.api(http.MethodPost, "/api/collections/ada/secret/items", `{"item": {"type": "paper", "id": "2607.00001"}}`), http.StatusCreated)

		tricky := trickyPapers()[0]
		// A community pick: the week's picks list it.
		if err := site.papers.Submit(context.Background(), paperwire.Submission{PaperID: tricky.ID, UserID: ada.ID, UserName: "ada", At: fixedNow}); err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{
			"/",
			"/papers/date/" + dayWed + "?list=all",
			"/papers/week/2026-W27?list=picks",
			"/papers/month/2026-07?list=all&cat=cs.LG",
			"/papers/trending",
			"/search?q=attention",
			"/authors/Bob",
			"/orgs/deepmind",
			"/collections/ada/reading-list",
		} {
			t.Run(page, func(t *testing.T) {
				w := site.visit(page)
				wantStatus(t, w, http.StatusOK)
				feeds := alternates(t, w.Body.String())
				if len(feeds) != 2 || feeds["application/atom+xml"] == "" || feeds["application/rss+xml"] == "" {
					t.Fatalf("%s advertises %v; want an Atom and an RSS feed", page, feeds)
				}
				if _, query, ok := strings.Cut(page, "?"); ok {
					_, kept, _ := strings.Cut(feeds["application/atom+xml"], "?")
					want, _ := url.ParseQuery(query)
					got, _ := url.ParseQuery(kept)
					if !maps.EqualFunc(got, want, slices.Equal) {
						t.Errorf("the feed %s does not keep the page's query %q", feeds["application/atom+xml"], query)
					}
				}
				for typ, href := range feeds {
					format := strings.TrimSuffix(strings.TrimPrefix(typ, "application/"), "+xml")
					res := site.visit(href)
					f := parseFeed(t, res, format)
					it := itemOf(f, tricky.ID)
					if it == nil {
						t.Fatalf("%s lacks the tricky paper: %v", href, itemIDs(t, f, testHost))
					}
					var authors []string
					for _, a := range it.Authors {
						authors = append(authors, a.Name)
					}
					if format == "rss" && it.DublinCoreExt != nil {
						authors = it.DublinCoreExt.Creator
					}
					body := it.Description + it.Content
					switch {
					case it.Title != tricky.Title:
						t.Errorf("%s: title %q", href, it.Title)
					case !slices.Equal(authors, tricky.Authors):
						t.Errorf("%s: authors %q", href, authors)
					case !strings.Contains(body, "We show $x"):
						t.Errorf("%s: no abstract in %q", href, body)
					case it.Link != testHost+"/papers/"+tricky.ID:
						t.Errorf("%s: link %q", href, it.Link)
					case !strings.Contains(res.Body.String(), "https://arxiv.org/abs/"+tricky.ID):
						t.Errorf("%s: no arXiv link", href)
					case it.PublishedParsed == nil || !it.PublishedParsed.Equal(tricky.Submitted):
						t.Errorf("%s: published %v", href, it.PublishedParsed)
					case !slices.Equal(it.Categories, tricky.Categories):
						t.Errorf("%s: categories %v", href, it.Categories)
					}
					for _, v := range [][]string{{"If-None-Match", res.Header().Get("ETag")}, {"If-Modified-Since", res.Header().Get("Last-Modified")}} {
						if v[1] == "" {
							t.Errorf("%s: no %s validator", href, v[0])
							continue
						}
						if got := site.serve(httptest.NewRequest(http.MethodGet, href, nil), "198.51.100.9:1", v...); got.Code != http.StatusNotModified {
							t.Errorf("%s with %s: %d, want 304", href, v[0], got.Code)
						}
					}
				}
			})
		}

		// No feed shows what is one reader's without their token.
		for _, path := range []string{"/collections/ada/secret/feed.atom", "/collections/ada/secret/feed.rss",
			"/papers/for-you/feed.atom", "/papers/for-you/feed.rss?token=", "/papers/for-you/feed.atom?user=ada"} {
			wantStatus(t, site.visit(path), http.StatusNotFound)
		}
		if feeds := alternates(t, ada.page("/collections/ada/secret").Body.String()); len(feeds) != 0 {
			t.Errorf("a private collection advertises %v", feeds)
		}
		if feeds := alternates(t, ada.page("/papers/for-you").Body.String()); len(feeds) != 0 {
			t.Errorf("the For-you page advertises %v; its feed's URL is secret", feeds)
		}
		// The paper's Markdown twin and the search description answer.
		md := site.visit("/papers/" + tricky.ID + ".md")
		wantStatus(t, md, http.StatusOK)
		wantContains(t, md.Body.String(), "arxiv.org/abs/"+tricky.ID)
		wantStatus(t, site.visit("/opensearch.xml"), http.StatusOK)
	})
}

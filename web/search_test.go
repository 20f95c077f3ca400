package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// titleSearcher is a small real Searcher: case-insensitive substring match on
// titles over the store's papers, with the match highlighted. The real index
// lives in the search package; this one exercises the web side of the contract.
type titleSearcher struct {
	papers paperwire.PaperService
}

func (s titleSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	all, _, err := s.papers.Papers(ctx, paperwire.PaperFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(req.Query)
	res := &web.SearchResults{}
	for _, p := range all {
		i := strings.Index(strings.ToLower(p.Title), q)
		if i < 0 || q == "" {
			continue
		}
		res.Total++
		if res.Total <= req.Offset || len(res.Hits) >= req.Limit {
			continue
		}
		res.Hits = append(res.Hits, web.SearchHit{Paper: p, Title: []web.Span{
			{Text: p.Title[:i]}, {Text: p.Title[i : i+len(q)], Match: true}, {Text: p.Title[i+len(q):]},
		}})
	}
	return res, nil
}

func (s titleSearcher) Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error) {
	all, _, err := s.papers.Papers(ctx, paperwire.PaperFilter{Limit: limit + 1})
	if err != nil {
		return nil, err
	}
	var out []*paperwire.Paper
	for _, p := range all {
		if p.ID != id && len(out) < limit {
			out = append(out, p)
		}
	}
	return out, nil
}

func withSearcher(store paperwire.PaperService) serverOpt {
	return func(c *web.Config) { c.Searcher = titleSearcher{store} }
}

func TestSearchPageHighlightsSafely(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, withSearcher(store))
	w := get(t, h, "/search?q=%3Cscript%3E")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body, "<mark>&lt;script&gt;</mark>alert", "1 paper found", `value="&lt;script&gt;"`)
	wantLacks(t, body, "<script>alert")

	w = get(t, h, "/search?q=a")
	wantStatus(t, w, http.StatusOK)
	if n := cards(w.Body.String()); n != pageSize {
		t.Errorf("cards = %d", n)
	}
	wantContains(t, w.Body.String(), `href="/search?q=a&amp;p=2"`)

	w = get(t, h, "/search?q=zzzzqqq")
	wantContains(t, w.Body.String(), "No papers match")
	w = get(t, h, "/search")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "Search papers")
}

func TestAPISearch(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, withSearcher(store))
	w := get(t, h, "/api/papers/search?q=trending&limit=5")
	wantStatus(t, w, http.StatusOK)
	var items []hfDailyPaper
	if err := json.Unmarshal(w.Body.Bytes(), &items); err != nil || len(items) != 1 || items[0].Paper.ID != "2607.00004" {
		t.Fatalf("items %+v, err %v", items, err)
	}
	wantStatus(t, get(t, h, "/api/papers/search"), http.StatusBadRequest)
	wantStatus(t, get(t, h, "/api/papers/search?q=x&limit=0"), http.StatusBadRequest)
}

func TestRelatedPapersSlot(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, withSearcher(store))
	body := get(t, h, "/papers/2607.00004").Body.String()
	wantContains(t, body, "Related papers")
	if n := cards(body); n != 5 {
		t.Errorf("related cards = %d, want 5", n)
	}
}

// plainSearcher answers like titleSearcher without highlighting, as the
// search index does: the results page highlights titles and abstracts itself.
type plainSearcher struct{ titleSearcher }

func (s plainSearcher) Search(ctx context.Context, req web.SearchRequest) (*web.SearchResults, error) {
	res, err := s.titleSearcher.Search(ctx, req)
	if res != nil {
		for i := range res.Hits {
			res.Hits[i].Title = nil
		}
	}
	return res, err
}

func TestSearchPageHighlightsPlainHits(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, func(c *web.Config) { c.Searcher = plainSearcher{titleSearcher{store}} })
	w := get(t, h, "/search?q=Attention")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body, `&lt;/script&gt; <mark>Attention</mark> for $x&lt;y$`)
	wantLacks(t, body, "<script>alert")
}

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// relatedLinkRe is one related paper as the Markdown lists it.
var relatedLinkRe = regexp.MustCompile(`(?m)^- \[[^\n]+\]\(` + regexp.QuoteMeta(testHost) + `/papers/[^)\s]+\)$`)

func TestPaperMarkdown(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, withSearcher(store))

	w := get(t, h, "/papers/2607.00004.md")
	wantStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	body := w.Body.String()
	if !strings.HasPrefix(body, "# Trending paper\n\n") {
		t.Errorf("does not start with the title heading:\n%s", clip(body))
	}
	wantContains(t, body,
		"**Authors:** C. Author, D. Author\n",
		"- Paper page: <"+testHost+"/papers/2607.00004>\n",
		"- arXiv: <https://arxiv.org/abs/2607.00004>\n",
		"- PDF: <https://arxiv.org/pdf/2607.00004>\n",
		"- Announced: "+dayWed+"\n",
		"- Categories: cs.CL\n",
		"- Upvotes: 100\n",
		"## Abstract\n\nMost upvoted of the day.\n",
		"## Related papers\n\n",
	)
	if n := len(relatedLinkRe.FindAllString(body, -1)); n != 5 {
		t.Errorf("related links = %d, want 5:\n%s", n, body)
	}
	wantLacks(t, body, "<html", "/papers/2607.00004)") // no HTML, no link to itself

	// Without a Searcher there is no Related section, and the rest is the same.
	body = get(t, newServer(t, store), "/papers/2607.00004.md").Body.String()
	wantContains(t, body, "- Upvotes: 100\n")
	wantLacks(t, body, "Related papers")

	// HEAD answers the headers only.
	req := httptest.NewRequest(http.MethodHead, "/papers/2607.00004.md", nil)
	rec := serve(h, req)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Type") != "text/markdown; charset=utf-8" {
		t.Errorf("HEAD: %d %q, %d bytes", rec.Code, rec.Header().Get("Content-Type"), rec.Body.Len())
	}
}

func TestPaperMarkdownTricky(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store)
	w := get(t, h, "/papers/2607.00001.md")
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	wantContains(t, body,
		"# &lt;script>alert(\"t\")&lt;/script> Attention for $x&lt;y$\n",
		"**Authors:** Eve &lt;Hacker>, Bob\n",
		"**Organization:** Google DeepMind\n",
		"- GitHub: <https://github.com/example/repo>\n",
		"- DOI: <https://doi.org/10.1000/xyz%3C123%3E>\n",
		"- Submitted: 2026-06-30\n",
		"- Categories: cs.LG, stat.ML\n",
		"- Upvotes: 42\n",
		"We show $x&lt;y$ and &lt;b>bold&lt;/b> claims; &lt;img src=x onerror=alert(1)> & more.",
		"- Submitted by: [akhaliq]("+testHost+"/u/akhaliq)\n",
	)
	wantLacks(t, body, "<script", "<b>", "<img", "<Hacker")

	// TeX stays as typed on an old-style id.
	w = get(t, h, "/papers/hep-th/9901001.md")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "# Old-style strings on $AdS_5 \\times S^5$\n",
		"- Paper page: <"+testHost+"/papers/hep-th/9901001>\n",
		"- arXiv: <https://arxiv.org/abs/hep-th/9901001>\n",
		"- Submitted: 1999-01-04\n")

	// A withdrawn paper says so.
	wantContains(t, get(t, h, "/papers/2607.00003.md").Body.String(), "withdrawn")
}

func TestPaperMarkdownRedirectsAndErrors(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store)
	for target, want := range map[string]string{
		"/papers/2607.00004v2.md":        "/papers/2607.00004.md",
		"/papers/arXiv:2607.00004.md":    "/papers/2607.00004.md",
		"/papers/hep-th/9901001v1.md":    "/papers/hep-th/9901001.md",
		"/papers/math.GT/0309136.md":     "/papers/math/0309136.md",
		"/papers/2607.00004v2":           "/papers/2607.00004", // the page is unchanged
		"/papers/hep-th/9901001v3":       "/papers/hep-th/9901001",
		"/papers/arxiv:hep-th/9901001v3": "/papers/hep-th/9901001",
	} {
		w := get(t, h, target)
		wantStatus(t, w, http.StatusMovedPermanently)
		if loc := w.Header().Get("Location"); loc != want {
			t.Errorf("%s redirects to %q, want %q", target, loc, want)
		}
	}

	w := get(t, h, "/papers/2601.99999.md")
	wantStatus(t, w, http.StatusNotFound)
	if ct := w.Header().Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("404 Content-Type = %q", ct)
	}
	wantContains(t, w.Body.String(), "Paperwire has no paper 2601.99999 yet", "https://arxiv.org/abs/2601.99999")
	wantLacks(t, w.Body.String(), "<html")

	w = get(t, h, "/papers/%3Cscript%3E.md")
	if w.Code != http.StatusBadRequest && w.Code != http.StatusNotFound {
		t.Errorf("bad id: status %d", w.Code)
	}
	wantLacks(t, w.Body.String(), "<script")
}

// The other /papers/ routes still win over /papers/{id...}.md.
func TestPaperMarkdownKeepsOtherRoutes(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store)
	for target, ct := range map[string]string{
		"/papers/2607.00004":                    "text/html",
		"/papers/hep-th/9901001":                "text/html",
		"/papers/trending":                      "text/html",
		"/papers/date/" + dayWed:                "text/html",
		"/papers/date/" + dayWed + "/feed.atom": "application/atom+xml",
		"/papers/week/2026-W27/feed.rss":        "application/rss+xml",
	} {
		w := get(t, h, target)
		wantStatus(t, w, http.StatusOK)
		wantLacks(t, w.Body.String(), "has no paper")
		if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, ct) {
			t.Errorf("%s: Content-Type %q, want %s", target, got, ct)
		}
	}
}

func TestPaperPageAdvertisesMarkdown(t *testing.T) {
	h := newServer(t, newStore(t))
	for id, href := range map[string]string{
		"2607.00004":     "/papers/2607.00004.md",
		"hep-th/9901001": "/papers/hep-th/9901001.md",
	} {
		body := get(t, h, "/papers/"+id).Body.String()
		head, _, _ := strings.Cut(body, "</head>")
		wantContains(t, head, `<link rel="alternate" type="text/markdown" title="Markdown" href="`+href+`">`)
	}
	// /papers/submit is still the submit route (off on this server), not a paper.
	w := get(t, h, "/papers/submit")
	wantContains(t, w.Body.String(), "does not take submissions")
	wantLacks(t, w.Body.String(), "has no paper")

	// Only paper pages have a Markdown twin.
	wantLacks(t, get(t, h, "/papers/date/"+dayWed).Body.String(), "text/markdown")
}

// With a BaseURL the Markdown links under it and is served from the page
// cache; without one it is rendered per request, for the request's host.
func TestPaperMarkdownBaseURLAndCache(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store, func(c *web.Config) { c.BaseURL = "https://papers.example.org" })
	body := get(t, h, "/papers/2607.00004.md").Body.String()
	wantContains(t, body, "- Paper page: <https://papers.example.org/papers/2607.00004>\n")

	h = newServer(t, store)
	req := httptest.NewRequest(http.MethodGet, "/papers/2607.00004.md", nil)
	req.Host = "one.example"
	wantContains(t, serve(h, req).Body.String(), "<http://one.example/papers/2607.00004>")
	req = httptest.NewRequest(http.MethodGet, "/papers/2607.00004.md", nil)
	req.Host = "two.example"
	wantContains(t, serve(h, req).Body.String(), "<http://two.example/papers/2607.00004>")
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// Markdown in titles and abstracts stays text: it cannot add headings, lists,
// quotes or links, nor end a related paper's link early.
func TestPaperMarkdownEscapesStructure(t *testing.T) {
	_, store := openStore(t)
	papers := []*paperwire.Paper{
		{ID: "2607.00010", Title: "# 1. [Draft] Sorting in $O(n^2)$ with C#", Authors: []string{"[A](https://evil.example)"},
			Abstract:   "- not a list\n> not a quote [click](javascript:alert(1)) and ![img](x)\n\n2019. A year, $\\{x\\}$ and $a_1 * b_2$.",
			Categories: []string{"cs.DS"}, ListedOn: day(dayWed), GitHubRepo: "javascript:alert(1)"},
		{ID: "2607.00011", Title: "Brackets ] in [ a title", Abstract: "Plain.", Categories: []string{"cs.DS"}, ListedOn: day(dayWed)},
	}
	if _, err := store.UpsertPapers(context.Background(), papers); err != nil {
		t.Fatal(err)
	}
	h := newServer(t, store, withSearcher(store))
	body := get(t, h, "/papers/2607.00010.md").Body.String()
	wantContains(t, body,
		"# \\# 1. [Draft] Sorting in $O(n^2)$ with C\\#\n",
		"**Authors:** [A\\](https://evil.example)\n",
		"\\- not a list > not a quote [click\\](javascript:alert(1)) and ![img\\](x)\n\n2019\\. A year, $\\{x\\}$ and $a_1 * b_2$.\n",
		"- [Brackets \\] in \\[ a title]("+testHost+"/papers/2607.00011)\n",
	)
	wantLacks(t, body, "GitHub:")
	if m := regexp.MustCompile(`[^\\]\]\((javascript|https://evil)`).FindString(body); m != "" {
		t.Errorf("a live link: %q", m)
	}

	body = get(t, h, "/papers/2607.00011.md").Body.String()
	wantContains(t, body, "- [# 1. \\[Draft\\] Sorting in $O(n^2)$ with C#]("+testHost+"/papers/2607.00010)\n")
}

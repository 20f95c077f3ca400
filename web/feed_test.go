package web_test

import (
	"encoding/xml"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// testHost is where httptest.NewRequest sends requests, so what absolute
// links start with when no BaseURL is configured.
const testHost = "http://example.com"

var feedTypes = map[string]string{
	"atom": "application/atom+xml; charset=utf-8",
	"rss":  "application/rss+xml; charset=utf-8",
}

// parseFeed checks a feed response's headers and that its body is
// well-formed XML (encoding/xml, strictly), then parses it with gofeed,
// a real feed reader's parser, as the format its path names.
func parseFeed(tb testing.TB, w *httptest.ResponseRecorder, format string) *gofeed.Feed {
	tb.Helper()
	wantStatus(tb, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); ct != feedTypes[format] {
		tb.Errorf("Content-Type = %q, want %q", ct, feedTypes[format])
	}
	if cc := w.Header().Get("Cache-Control"); cc != "public, max-age=300" {
		tb.Errorf("Cache-Control = %q", cc)
	}
	if !strings.HasPrefix(w.Header().Get("ETag"), `W/"`) {
		tb.Errorf("ETag = %q", w.Header().Get("ETag"))
	}
	dec := xml.NewDecoder(strings.NewReader(w.Body.String()))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("feed is not well-formed XML: %v", err)
		}
	}
	f, err := gofeed.NewParser().ParseString(w.Body.String())
	if err != nil {
		tb.Fatalf("gofeed: %v\n%s", err, clip(w.Body.String()))
	}
	if f.FeedType != format {
		tb.Errorf("feed type = %q, want %q", f.FeedType, format)
	}
	return f
}

// itemIDs are the arXiv ids of a feed's entries, from their page links.
func itemIDs(tb testing.TB, f *gofeed.Feed, base string) []string {
	tb.Helper()
	var ids []string
	for _, it := range f.Items {
		id, ok := strings.CutPrefix(it.Link, base+"/papers/")
		if !ok {
			tb.Errorf("item link %q is not an absolute paper page under %s", it.Link, base)
		}
		ids = append(ids, id)
	}
	return ids
}

// wantAtomLinks checks the links of the Atom entry of paper id by rel
// (gofeed's merged view keeps only the alternate one).
func wantAtomLinks(tb testing.TB, body, id string, want map[string]string) {
	tb.Helper()
	f, err := (&atom.Parser{}).Parse(strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range f.Entries {
		if !strings.HasSuffix(e.ID, "/papers/"+id) {
			continue
		}
		for rel, href := range want {
			if !slices.ContainsFunc(e.Links, func(l *atom.Link) bool { return l.Rel == rel && l.Href == href }) {
				tb.Errorf("entry %s has no %s link to %s", id, rel, href)
			}
		}
		return
	}
	tb.Errorf("no entry for %s", id)
}

func itemOf(f *gofeed.Feed, id string) *gofeed.Item {
	for _, it := range f.Items {
		if strings.HasSuffix(it.Link, "/papers/"+id) {
			return it
		}
	}
	return nil
}

// TestFeedEntries reads a day's feed in both formats with gofeed: every
// field of an entry, absolute links, and a title full of markup and TeX
// that must come back exactly as stored.
func TestFeedEntries(t *testing.T) {
	h := newServer(t, newStore(t))
	tricky := trickyPapers()[0]
	for _, format := range []string{"atom", "rss"} {
		t.Run(format, func(t *testing.T) {
			w := get(t, h, "/papers/date/"+dayWed+"/feed."+format)
			wantLacks(t, w.Body.String(), "<script>", "<img src=x", "<b>bold")
			f := parseFeed(t, w, format)
			if f.Title != "Daily Papers · July 1, 2026 · All papers · Paperwire" {
				t.Errorf("title = %q", f.Title)
			}
			if f.Link != testHost+"/papers/date/"+dayWed {
				t.Errorf("link = %q", f.Link)
			}
			if f.FeedLink != testHost+"/papers/date/"+dayWed+"/feed."+format {
				t.Errorf("self link = %q", f.FeedLink)
			}
			if len(f.Items) != nWed+nTricky {
				t.Fatalf("%d items, want %d", len(f.Items), nWed+nTricky)
			}
			itemIDs(t, f, testHost)

			it := itemOf(f, tricky.ID)
			if it == nil {
				t.Fatal("no item for the tricky paper")
			}
			if it.Title != tricky.Title {
				t.Errorf("title = %q, want %q", it.Title, tricky.Title)
			}
			if it.Link != testHost+"/papers/2607.00001" {
				t.Errorf("link = %q", it.Link)
			}
			if !slices.Equal(it.Categories, []string{"cs.LG", "stat.ML"}) {
				t.Errorf("categories = %v", it.Categories)
			}
			if it.PublishedParsed == nil || !it.PublishedParsed.Equal(tricky.Submitted) {
				t.Errorf("published = %v, want %v", it.PublishedParsed, tricky.Submitted)
			}
			var authors []string
			switch format {
			case "atom":
				for _, a := range it.Authors {
					authors = append(authors, a.Name)
				}
				if it.Description != tricky.Abstract {
					t.Errorf("summary = %q, want the abstract as text", it.Description)
				}
				wantAtomLinks(t, w.Body.String(), tricky.ID, map[string]string{
					"alternate": testHost + "/papers/2607.00001",
					"related":   "https://arxiv.org/abs/2607.00001",
				})
				if want := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC); it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(want) {
					t.Errorf("updated = %v, want %v (the newest version)", it.UpdatedParsed, want)
				}
				if it.GUID != testHost+"/papers/2607.00001" {
					t.Errorf("id = %q", it.GUID)
				}
				wantContains(t, it.Content, `&lt;img src=x onerror=alert(1)&gt;`, `href="https://arxiv.org/abs/2607.00001"`)
			case "rss":
				if it.DublinCoreExt != nil {
					authors = it.DublinCoreExt.Creator
				}
				// RSS readers take <description> as HTML: the abstract's
				// markup must arrive escaped, and the arXiv link as a link.
				wantContains(t, it.Description, "We show $x&lt;y$ and &lt;b&gt;bold&lt;/b&gt;", "&lt;img src=x",
					"Eve &lt;Hacker&gt;, Bob", `<a href="https://arxiv.org/abs/2607.00001">arXiv:2607.00001</a>`)
				wantLacks(t, it.Description, "<img", "<b>")
				if it.GUID != testHost+"/papers/2607.00001" {
					t.Errorf("guid = %q", it.GUID)
				}
			}
			if !slices.Equal(authors, tricky.Authors) {
				t.Errorf("authors = %q, want %q", authors, tricky.Authors)
			}

			old := itemOf(f, "hep-th/9901001")
			if old == nil || old.Title != `Old-style strings on $AdS_5 \times S^5$` {
				t.Errorf("old-style paper = %+v", old)
			}
		})
	}
}

// TestFeedsFollowTheirPages: a feed holds what its page shows, in the
// page's order, at most 50 entries, with the page's filters.
func TestFeedsFollowTheirPages(t *testing.T) {
	h := newServer(t, newStore(t))
	tests := []struct {
		page, feed string
		items      int
	}{
		{"/", "/feed", nWed + nTricky},
		{"/?sort=upvotes", "/feed?sort=upvotes", nWed + nTricky},
		{"/papers/date/2026-06-29", "/papers/date/2026-06-29/feed", nMon},
		{"/papers/week/2026-W27?sort=upvotes", "/papers/week/2026-W27/feed?sort=upvotes", 50}, // 69, capped
		{"/papers/month/2026-06", "/papers/month/2026-06/feed", nFri + nMon},
		{"/papers/date/2026-07-01?cat=cs.CL&list=all", "/papers/date/2026-07-01/feed?cat=cs.CL&list=all", -1},
		{"/papers/trending", "/papers/trending/feed", 3},
		{"/papers/trending?cat=cs.CL", "/papers/trending/feed?cat=cs.CL", 1},
	}
	for _, tt := range tests {
		pageIDs := cardIDs(get(t, h, tt.page).Body.String())
		for _, format := range []string{"atom", "rss"} {
			target := strings.Replace(tt.feed, "/feed", "/feed."+format, 1)
			t.Run(target, func(t *testing.T) {
				f := parseFeed(t, get(t, h, target), format)
				ids := itemIDs(t, f, testHost)
				if tt.items >= 0 && len(ids) != tt.items {
					t.Errorf("%d items, want %d", len(ids), tt.items)
				}
				if n := min(len(pageIDs), len(ids)); n == 0 || !slices.Equal(ids[:n], pageIDs) {
					t.Errorf("feed ids %v\ndo not start with the page's %v", ids, pageIDs)
				}
				if f.Link != testHost+tt.page {
					t.Errorf("feed's page link = %q, want %s", f.Link, testHost+tt.page)
				}
			})
		}
	}
}

// TestFeedsFollowTheListRule: like its page, a period's feed is its
// community picks when it has any, everything otherwise, and ?list= picks.
func TestFeedsFollowTheListRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		for _, id := range []string{"2606.26139", "2607.00001"} { // picked July 2
			wantStatus(t, ada.api(http.MethodPost, "/api/papers/submit", submitBody(id)), http.StatusCreated)
		}
		tests := []struct {
			target, title string
			ids           []string
			n             int
		}{
			{"/papers/week/2026-W27/feed.atom", "Weekly Papers · Week 27, 2026 · Community picks · Paperwire", []string{"2607.00001", "2606.26139"}, 2},
			{"/papers/week/2026-W27/feed.atom?list=all", "Weekly Papers · Week 27, 2026 · All papers · Paperwire", nil, 50},
			{"/papers/date/2026-07-01/feed.rss", "Daily Papers · July 1, 2026 · All papers · Paperwire", nil, nWed + nTricky},
			{"/papers/date/2026-07-01/feed.rss?list=picks", "Daily Papers · July 1, 2026 · Community picks · Paperwire", nil, 0},
			// The home page shows July 2, the day of the picks.
			{"/feed.atom", "Daily Papers · Community picks · Paperwire", []string{"2607.00001", "2606.26139"}, 2},
			{"/feed.rss?list=all&cat=cs.GT", "Daily Papers · cs.GT · All papers · Paperwire", nil, 0},
		}
		for _, tt := range tests {
			format := "atom"
			if strings.Contains(tt.target, ".rss") {
				format = "rss"
			}
			f := parseFeed(t, site.visit(tt.target), format)
			if f.Title != tt.title {
				t.Errorf("%s: title = %q, want %q", tt.target, f.Title, tt.title)
			}
			ids := itemIDs(t, f, testHost)
			if len(ids) != tt.n || tt.ids != nil && !slices.Equal(ids, tt.ids) {
				t.Errorf("%s: ids = %v, want %d of them %v", tt.target, ids, tt.n, tt.ids)
			}
		}
	})
}

// TestFeedBaseURL: absolute links start with Config.BaseURL when it is set,
// whatever Host the request names, else with the request's scheme and host.
func TestFeedBaseURL(t *testing.T) {
	st := newStore(t)
	withBase := newServer(t, st, func(c *web.Config) { c.BaseURL = "https://papers.example.org/" })
	plain := newServer(t, st)
	proxied := newServer(t, st, func(c *web.Config) { c.TrustProxy = true })

	req := func(h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Set(header[i], header[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	tests := []struct {
		name string
		w    *httptest.ResponseRecorder
		base string
	}{
		{"base url", req(withBase, "http://evil.example/feed.atom"), "https://papers.example.org"},
		{"base url, cached, other host", req(withBase, "http://other.example/feed.atom"), "https://papers.example.org"},
		{"request host", req(plain, "http://mirror.example:8080/feed.atom"), "http://mirror.example:8080"},
		{"tls", req(plain, "https://secure.example/feed.atom"), "https://secure.example"},
		{"untrusted proxy header", req(plain, "http://a.example/feed.atom", "X-Forwarded-Proto", "https"), "http://a.example"},
		{"trusted proxy header", req(proxied, "http://a.example/feed.atom", "X-Forwarded-Proto", "https"), "https://a.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseFeed(t, tt.w, "atom")
			if f.FeedLink != tt.base+"/feed.atom" || f.Link != tt.base+"/" {
				t.Errorf("links = %q, %q; want under %s", f.FeedLink, f.Link, tt.base)
			}
			if len(itemIDs(t, f, tt.base)) == 0 {
				t.Error("no items")
			}
		})
	}
	// Without BaseURL, one host's feed is never served to another from the cache.
	first := parseFeed(t, req(plain, "http://one.example/feed.rss"), "rss")
	second := parseFeed(t, req(plain, "http://two.example/feed.rss"), "rss")
	if first.Link == second.Link {
		t.Errorf("both hosts got %q", first.Link)
	}
}

// TestFeedConditionalGET: the validators of a feed turn a repeated GET into
// a 304, rendered or from the page cache, gzip or not; a changed feed or a
// stale validator gets the whole feed.
func TestFeedConditionalGET(t *testing.T) {
	st := newStore(t)
	for _, tc := range []struct {
		name string
		opt  serverOpt
	}{
		{"uncached", func(*web.Config) {}},
		{"page cache", func(c *web.Config) { c.BaseURL = testHost }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newServer(t, st, tc.opt)
			send := func(method, target string, header ...string) *httptest.ResponseRecorder {
				r := httptest.NewRequest(method, target, nil)
				for i := 0; i+1 < len(header); i += 2 {
					r.Header.Set(header[i], header[i+1])
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w
			}
			const target = "/papers/date/2026-07-01/feed.atom"
			first := send(http.MethodGet, target)
			parseFeed(t, first, "atom")
			etag, modified := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
			if modified != "Wed, 01 Jul 2026 10:00:00 GMT" { // the tricky paper's v2
				t.Errorf("Last-Modified = %q", modified)
			}
			// Same papers, same tag: a second instance would agree.
			if again := send(http.MethodGet, target).Header().Get("ETag"); again != etag {
				t.Errorf("ETag changed between requests: %q, %q", etag, again)
			}
			notModified := [][]string{
				{"If-None-Match", etag},
				{"If-None-Match", `W/"0000", ` + etag},
				{"If-None-Match", strings.TrimPrefix(etag, "W/")}, // weak comparison
				{"If-None-Match", "*"},
				{"If-None-Match", etag, "Accept-Encoding", "gzip"},
				{"If-Modified-Since", modified},
				{"If-Modified-Since", "Thu, 02 Jul 2026 00:00:00 GMT"},
			}
			for _, hd := range notModified {
				for _, method := range []string{http.MethodGet, http.MethodHead} {
					w := send(method, target, hd...)
					if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
						t.Errorf("%s with %q: %d, %d bytes; want 304 and no body", method, hd, w.Code, w.Body.Len())
					}
					if w.Header().Get("ETag") != etag || w.Header().Get("Cache-Control") != "public, max-age=300" {
						t.Errorf("304 headers: %v", w.Header())
					}
					if w.Header().Get("Content-Encoding") != "" || w.Header().Get("Content-Length") != "" {
						t.Errorf("304 carries body headers: %v", w.Header())
					}
				}
			}
			modifiedSince := [][]string{
				{"If-None-Match", `W/"0000"`},
				{"If-None-Match", `W/"0000"`, "If-Modified-Since", modified}, // If-None-Match decides
				{"If-Modified-Since", "Tue, 30 Jun 2026 00:00:00 GMT"},
				{"If-Modified-Since", "not a date"},
			}
			for _, hd := range modifiedSince {
				parseFeed(t, send(http.MethodGet, target, hd...), "atom")
			}
			// Another list of the day, or the other format, is another feed.
			for _, other := range []string{target + "?sort=upvotes", "/papers/date/2026-07-01/feed.rss"} {
				w := send(http.MethodGet, other, "If-None-Match", etag)
				wantStatus(t, w, http.StatusOK)
				if w.Header().Get("ETag") == etag {
					t.Errorf("%s has the same ETag as %s", other, target)
				}
			}
			// Errors are never 304s.
			wantStatus(t, send(http.MethodGet, "/papers/date/2026-02-30/feed.atom", "If-None-Match", "*"), http.StatusBadRequest)
		})
	}
}

// TestFeedErrors: a feed URL with a bad period or filter answers what its
// page answers (400 for a malformed value), never a feed.
func TestFeedErrors(t *testing.T) {
	st := newStore(t)
	h := newServer(t, st, withSearcher(st))
	pages := []string{
		"/papers/date/2026-02-30", "/papers/date/yesterday", "/papers/date/0001-01-01",
		"/papers/week/2026-W54", "/papers/week/2026-27", "/papers/month/2026-13", "/papers/month/2026",
		"/papers/date/2026-07-01?list=best", "/papers/date/2026-07-01?cat=%3Cb%3E", "/papers/week/2026-W27?sort=oldest",
		"/?list=best", "/papers/trending?cat=no%20such",
	}
	for _, page := range pages {
		u, _ := url.Parse(page)
		want := get(t, h, page).Code
		if want == http.StatusOK {
			t.Fatalf("%s: the page answers 200", page)
		}
		for _, format := range []string{"atom", "rss"} {
			target := strings.TrimSuffix(u.Path, "/") + "/feed." + format + strings.TrimSuffix("?"+u.RawQuery, "?")
			w := get(t, h, target)
			if w.Code != want {
				t.Errorf("%s: %d, want %d like %s", target, w.Code, want, page)
			}
			if strings.Contains(w.Header().Get("Content-Type"), "xml") {
				t.Errorf("%s: an error answered as a feed", target)
			}
		}
	}
	for target, want := range map[string]int{
		"/search/feed.atom":                   http.StatusBadRequest, // no query
		"/search/feed.rss?q=%20%20":           http.StatusBadRequest,
		"/papers/date/2026-07-01/feed.json":   http.StatusBadRequest, // not a feed: not an arXiv id either
		"/papers/date/2026-07-01/feed.atom/x": http.StatusBadRequest,
	} {
		if w := get(t, h, target); w.Code != want {
			t.Errorf("%s: %d, want %d", target, w.Code, want)
		}
	}
	// Without a Searcher, search feeds say search is unavailable.
	wantStatus(t, get(t, newServer(t, st), "/search/feed.atom?q=attention"), http.StatusServiceUnavailable)
}

var alternateRe = regexp.MustCompile(`<link rel="alternate" type="(application/(?:atom|rss)\+xml)" title="([^"]*)" href="([^"]*)">`)

// alternates are the feeds a page advertises: type → href (unescaped).
func alternates(tb testing.TB, body string) map[string]string {
	tb.Helper()
	head, _, _ := strings.Cut(body, "</head>")
	out := map[string]string{}
	for _, m := range alternateRe.FindAllStringSubmatch(head, -1) {
		out[m[1]] = html.UnescapeString(m[3])
		if m[2] == "" {
			tb.Errorf("feed link without a title: %s", m[0])
		}
	}
	return out
}

// TestPagesAdvertiseFeeds: every page with a feed names its Atom and RSS
// feeds in <head>, with the page's list, category and sort but not its
// page number, and each advertised feed answers; every page names the
// OpenSearch description.
func TestPagesAdvertiseFeeds(t *testing.T) {
	st := newStore(t)
	h := newServer(t, st, withSearcher(st))
	tests := []struct{ page, atom string }{
		{"/", "/feed.atom"},
		{"/?p=2", "/feed.atom"},
		{"/papers/date/2026-07-01", "/papers/date/2026-07-01/feed.atom"},
		{"/papers/date/2026-07-01?list=all&sort=upvotes&p=2", "/papers/date/2026-07-01/feed.atom?list=all&sort=upvotes"},
		{"/papers/date/2026-07-01?cat=cs.LG&list=all", "/papers/date/2026-07-01/feed.atom?cat=cs.LG&list=all"},
		{"/papers/week/2026-W27?list=picks", "/papers/week/2026-W27/feed.atom?list=picks"},
		{"/papers/month/2026-06", "/papers/month/2026-06/feed.atom"},
		{"/papers/trending?cat=cs.CL", "/papers/trending/feed.atom?cat=cs.CL"},
		{"/search?q=attention", "/search/feed.atom?q=attention"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			w := get(t, h, tt.page)
			wantStatus(t, w, http.StatusOK)
			wantContains(t, w.Body.String(), `<link rel="search" type="application/opensearchdescription+xml" title="Paperwire" href="/opensearch.xml">`)
			feeds := alternates(t, w.Body.String())
			rss := strings.Replace(tt.atom, "/feed.atom", "/feed.rss", 1)
			if feeds["application/atom+xml"] != tt.atom || feeds["application/rss+xml"] != rss {
				t.Fatalf("feeds = %v, want %s and %s", feeds, tt.atom, rss)
			}
			for typ, href := range feeds {
				format := strings.TrimSuffix(strings.TrimPrefix(typ, "application/"), "+xml")
				f := parseFeed(t, get(t, h, href), format)
				if f.FeedLink != testHost+href {
					t.Errorf("%s's self link = %q", href, f.FeedLink)
				}
			}
		})
	}
	// Pages without a feed advertise none, but still the search engine.
	for _, page := range []string{"/papers/2607.00001", "/search", "/status", "/papers/date/2026-02-30", "/nowhere"} {
		body := get(t, h, page).Body.String()
		if feeds := alternates(t, body); len(feeds) != 0 {
			t.Errorf("%s advertises %v", page, feeds)
		}
		wantContains(t, body, `href="/opensearch.xml"`)
	}
}

// TestSearchFeedKeepsQuery: a search's feed keeps the query exactly as the
// page has it (trimmed and cut like the page's), its filters, quotes and
// URL-special characters included, and holds the page's results.
func TestSearchFeedKeepsQuery(t *testing.T) {
	st := newStore(t)
	h := newServer(t, st, withSearcher(st))
	long := strings.Repeat("é", 300) // 600 bytes: cut to 512 on a rune boundary
	queries := []struct{ typed, kept string }{
		{"attention", "attention"},
		{"  Attention  ", "Attention"},
		{`"Attention for" -withdrawn`, `"Attention for" -withdrawn`},
		{`author:"Eve <Hacker>" cat:cs.LG year:2020..2023 sort:new`, `author:"Eve <Hacker>" cat:cs.LG year:2020..2023 sort:new`},
		{"<script>", "<script>"},
		{"$x<y$", "$x<y$"},
		{"a&b=c?d#e+f%20g/h", "a&b=c?d#e+f%20g/h"},
		{"λ-calculus ünïcode", "λ-calculus ünïcode"},
		{"a", "a"},
		{long, strings.Repeat("é", 256)},
	}
	for _, q := range queries {
		t.Run(clipName(q.typed), func(t *testing.T) {
			page := get(t, h, "/search?q="+url.QueryEscape(q.typed))
			wantStatus(t, page, http.StatusOK)
			feeds := alternates(t, page.Body.String())
			for _, typ := range []string{"application/atom+xml", "application/rss+xml"} {
				href := feeds[typ]
				u, err := url.Parse(href)
				if err != nil || u.Query().Get("q") != q.kept || len(u.Query()) != 1 {
					t.Fatalf("advertised %s feed %q does not keep the query %q", typ, href, q.kept)
				}
				format := strings.TrimSuffix(strings.TrimPrefix(typ, "application/"), "+xml")
				if u.Path != "/search/feed."+format {
					t.Errorf("feed path = %q", u.Path)
				}
				// Asked with the query as typed, the feed keeps it as the page did.
				f := parseFeed(t, get(t, h, "/search/feed."+format+"?q="+url.QueryEscape(q.typed)), format)
				for name, link := range map[string]string{"page": f.Link, "self": f.FeedLink} {
					lu, err := url.Parse(link)
					if err != nil || lu.Scheme+"://"+lu.Host != testHost || lu.Query().Get("q") != q.kept {
						t.Errorf("%s link %q does not keep the query %q", name, link, q.kept)
					}
				}
				if f.Link != testHost+"/search?q="+url.QueryEscape(q.kept) {
					t.Errorf("page link = %q", f.Link)
				}
				if f.FeedLink != testHost+href {
					t.Errorf("self link = %q, want %s", f.FeedLink, testHost+href)
				}
				if f.Title != "Search: "+q.kept+" · Paperwire" {
					t.Errorf("title = %q", f.Title)
				}
				// The feed's results are the search's: titles containing q.
				want := 0
				all := append(fixturePapers(t), trickyPapers()...)
				for _, p := range all {
					if strings.Contains(strings.ToLower(p.Title), strings.ToLower(q.kept)) {
						want++
					}
				}
				if len(f.Items) != min(want, 50) {
					t.Errorf("%d items, want %d", len(f.Items), min(want, 50))
				}
				for _, it := range f.Items {
					if !strings.Contains(strings.ToLower(it.Title), strings.ToLower(q.kept)) {
						t.Errorf("item %q does not match %q", it.Title, q.kept)
					}
				}
				if ids := itemIDs(t, f, testHost); len(ids) > 0 {
					if n := min(len(ids), pageSize); !slices.Equal(ids[:n], cardIDs(page.Body.String())) {
						t.Errorf("feed ids %v do not start with the page's %v", ids, cardIDs(page.Body.String()))
					}
				}
			}
		})
	}
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// TestOpenSearch: /opensearch.xml is an OpenSearch 1.1 description whose
// search URL template points at this site's /search.
func TestOpenSearch(t *testing.T) {
	h := newServer(t, newStore(t), func(c *web.Config) { c.BaseURL = "https://papers.example.org" })
	w := get(t, h, "/opensearch.xml")
	wantStatus(t, w, http.StatusOK)
	if ct := w.Header().Get("Content-Type"); ct != "application/opensearchdescription+xml; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	var d struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	templates := map[string]string{}
	for _, u := range d.URLs {
		templates[u.Type] = u.Template
	}
	if d.ShortName != "Paperwire" || templates["text/html"] != "https://papers.example.org/search?q={searchTerms}" ||
		templates["application/atom+xml"] != "https://papers.example.org/search/feed.atom?q={searchTerms}" {
		t.Errorf("description = %+v", d)
	}
}

// TestFeedEmptySite: before any papers, the home feed is a valid empty
// feed (no Last-Modified to offer), not an error.
func TestFeedEmptySite(t *testing.T) {
	_, st := openStore(t)
	h := newServer(t, st)
	for _, format := range []string{"atom", "rss"} {
		w := get(t, h, "/feed."+format)
		if f := parseFeed(t, w, format); len(f.Items) != 0 || f.Title != "Daily Papers · Paperwire" {
			t.Errorf("%s: %q with %d items", format, f.Title, len(f.Items))
		}
		if lm := w.Header().Get("Last-Modified"); lm != "" {
			t.Errorf("Last-Modified = %q", lm)
		}
	}
}

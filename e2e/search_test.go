package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// searchState is what a person sees on a search results page.
type searchState struct {
	Heading string   `json:"heading"`
	Found   string   `json:"found"`
	Titles  []string `json:"titles"`
	Hrefs   []string `json:"hrefs"`
	Marks   int      `json:"marks"`
	Facets  []string `json:"facets"`
	Parsed  bool     `json:"parsed"` // the whole page is in the DOM
}

const readSearch = `(() => {
  const text = el => el.textContent.replace(/\s+/g, ' ').trim();
  const links = [...document.querySelectorAll('article.card .card-title a')];
  return {
    heading: text(document.querySelector('h1')),
    found: text(document.querySelector('.tagline') || document.body),
    titles: links.map(text),
    hrefs: links.map(a => a.getAttribute('href')),
    marks: document.querySelectorAll('article.card mark').length,
    facets: [...document.querySelectorAll('.filters a.chip')].map(text),
    parsed: document.readyState !== 'loading',
  };
})()`

// TestSearchInBrowser types a query into the search box of the home page,
// checks the results a person would judge (relevant titles, highlights,
// facets), opens a result and then one of its related papers.
func TestSearchInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	base := startServer(t)
	ctx := newBrowser(t)
	console := watchConsole(ctx)
	shots := t.TempDir()

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("header input[name=q]")),
		chromedp.SendKeys(chromedp.CSS("header input[name=q]"), "diffusion transformer video generation"),
		chromedp.Submit(chromedp.CSS("header input[name=q]")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The home page has cards too: read until the results page is the one
	// shown and parsed to its end (reads during the navigation fail, and are
	// retried; on a loaded machine a read can land while the cards still
	// arrive).
	var st searchState
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st, err = chromedp.Run(ctx, chromedp.Evaluate[searchState](readSearch))
		if err == nil && strings.HasPrefix(st.Heading, "Results for") && st.Parsed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no results page within 60 s (last read: %+v, %v)", st, err)
		}
	}
	shot(t, ctx, shots, "search")
	if !strings.Contains(st.Heading, "diffusion transformer video generation") || !strings.Contains(st.Found, "found") {
		t.Errorf("heading %q, count %q", st.Heading, st.Found)
	}
	if len(st.Titles) < 10 {
		t.Fatalf("only %d results for a common topic", len(st.Titles))
	}
	relevant := 0
	for _, title := range st.Titles[:5] {
		l := strings.ToLower(title)
		if strings.Contains(l, "diffusion") || strings.Contains(l, "video") || strings.Contains(l, "generat") {
			relevant++
		}
	}
	if relevant < 4 {
		t.Errorf("top five results are off topic: %q", st.Titles[:5])
	}
	if st.Marks == 0 {
		t.Error("no highlighted words in the results")
	}
	if len(st.Facets) == 0 || !strings.Contains(strings.Join(st.Facets, " "), "cs.CV") {
		t.Errorf("facets = %q, want category counts including cs.CV", st.Facets)
	}

	// Bad syntax is plain text, never an error page.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+`/search?q=%22unbalanced+author:+year:20x4+-`)); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(heading, "Results for") {
		t.Errorf("malformed query page heading %q", heading)
	}

	// Open the first result, then a related paper from its page.
	first := st.Hrefs[0]
	if err := chromedp.Do(ctx, chromedp.Navigate(base+first), chromedp.WaitVisible(chromedp.CSS("#h-related"))); err != nil {
		t.Fatal(err)
	}
	related, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.related .card-title a')].map(a => a.getAttribute('href'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(related) < 3 {
		t.Fatalf("paper %s shows %d related papers", first, len(related))
	}
	for _, h := range related {
		if h == first {
			t.Errorf("paper %s lists itself as related", first)
		}
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(".related .card-title a"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if title == "" {
		t.Error("related paper page has no title")
	}
	shot(t, ctx, shots, "related")
	if errs := console.list(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

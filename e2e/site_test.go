package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// listState is what a person sees on a list page.
type listState struct {
	Path    string     `json:"path"`
	Heading string     `json:"heading"`
	Label   string     `json:"label"`
	Count   string     `json:"count"`
	Cards   []cardSeen `json:"cards"`
}

type cardSeen struct {
	Title   string `json:"title"`
	Href    string `json:"href"`
	Meta    string `json:"meta"`
	Visible bool   `json:"visible"`
	Chip    bool   `json:"chip"`
}

const readList = `(() => {
  const cards = [...document.querySelectorAll('article.card')].map(c => {
    const a = c.querySelector('.card-title a');
    const r = a.getBoundingClientRect();
    const s = getComputedStyle(a);
    return {
      title: a.textContent.replace(/\s+/g, ' ').trim(),
      href: a.getAttribute('href'),
      meta: c.querySelector('.meta').textContent.replace(/\s+/g, ' ').trim(),
      visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none',
      chip: !!c.querySelector('.meta .chip'),
    };
  });
  const text = sel => (document.querySelector(sel) || {textContent: ''}).textContent.replace(/\s+/g, ' ').trim();
  return {path: location.pathname, heading: text('h1'), label: text('.period h2'), count: text('.period .count'), cards};
})()`

var authorsRe = regexp.MustCompile(`\b\d+ authors?\b`)

// checkList asserts a list page shows complete, visible cards and a count
// that agrees with them; it returns the number of papers the page claims.
func checkList(t *testing.T, st listState, heading string) int {
	t.Helper()
	if st.Heading != heading {
		t.Errorf("%s: heading %q, want %q", st.Path, st.Heading, heading)
	}
	m := regexp.MustCompile(`^([\d,]+) papers?$`).FindStringSubmatch(st.Count)
	if m == nil {
		t.Fatalf("%s: count %q is not 'N papers'", st.Path, st.Count)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if want := min(n, 30); len(st.Cards) != want {
		t.Errorf("%s: %d cards for %d papers, want %d", st.Path, len(st.Cards), n, want)
	}
	for i, c := range st.Cards {
		if c.Title == "" || !c.Visible || !strings.HasPrefix(c.Href, "/papers/") || !authorsRe.MatchString(c.Meta) || !c.Chip {
			t.Errorf("%s: card %d incomplete: %+v", st.Path, i, c)
		}
	}
	return n
}

func TestSiteInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	base := startServer(t)
	ctx := newBrowser(t)
	console := watchConsole(ctx)
	shots := t.TempDir()

	// The home page: the latest day with papers.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("article.card"))); err != nil {
		t.Fatal(err)
	}
	home, err := chromedp.Run(ctx, chromedp.Evaluate[listState](readList))
	if err != nil {
		t.Fatal(err)
	}
	dayCount := checkList(t, home, "Daily Papers")
	t.Logf("home: %s, %d papers, %d cards", home.Label, dayCount, len(home.Cards))

	// The cards are the API's latest day, in the same order.
	resp, err := httpGet(ctx, base+"/api/daily_papers?limit=30")
	if err != nil {
		t.Fatal(err)
	}
	var items []struct {
		Paper struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"paper"`
	}
	err = json.NewDecoder(resp.Body).Decode(&items)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(home.Cards) {
		t.Errorf("API has %d items, page %d cards", len(items), len(home.Cards))
	}
	for i := range min(len(items), len(home.Cards)) {
		if want := strings.Join(strings.Fields(items[i].Paper.Title), " "); home.Cards[i].Title != want {
			t.Errorf("card %d title %q, API %q", i, home.Cards[i].Title, want)
		}
	}

	// A clamped abstract opens in place, without JavaScript of ours.
	grow, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
	  const d = [...document.querySelectorAll('details.abstract')].find(d => {
	    const t = d.querySelector('.text'); return t.scrollHeight > t.clientHeight + 2; });
	  if (!d) return [0, 0];
	  const before = d.querySelector('.text').getBoundingClientRect().height;
	  d.querySelector('summary').click();
	  return [before, d.querySelector('.text').getBoundingClientRect().height];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if grow[0] == 0 || grow[1] <= grow[0] {
		t.Errorf("abstract did not expand: height %v -> %v", grow[0], grow[1])
	}
	shot(t, ctx, shots, "home.png")

	// Follow the first card to its paper page.
	first := home.Cards[0]
	r, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("article.card .card-title a")))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 200 {
		t.Fatalf("paper page status %d", r.Status)
	}
	type paperSeen struct {
		Path    string   `json:"path"`
		Title   string   `json:"title"`
		Links   []string `json:"links"`
		BibTeX  string   `json:"bibtex"`
		Copy    bool     `json:"copy"`
		Authors int      `json:"authors"`
	}
	paper, err := chromedp.Run(ctx, chromedp.Evaluate[paperSeen](`({
	  path: location.pathname,
	  title: document.querySelector('h1').textContent.replace(/\s+/g, ' ').trim(),
	  links: [...document.querySelectorAll('.actions a')].map(a => a.href),
	  bibtex: document.querySelector('#bibtex').textContent,
	  copy: !!document.querySelector('button.copy'),
	  authors: document.querySelectorAll('.authors .author').length,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(first.Href, "/papers/")
	if paper.Path != first.Href || paper.Title != first.Title {
		t.Errorf("paper page %s %q, want %s %q", paper.Path, paper.Title, first.Href, first.Title)
	}
	for _, want := range []string{"https://arxiv.org/abs/" + id, "https://arxiv.org/pdf/" + id} {
		if !contains(paper.Links, want) {
			t.Errorf("paper page links %v lack %s", paper.Links, want)
		}
	}
	if !strings.HasPrefix(paper.BibTeX, "@misc{") || !strings.Contains(paper.BibTeX, "eprint        = {"+id+"}") {
		t.Errorf("BibTeX block: %q", paper.BibTeX)
	}
	if !paper.Copy {
		t.Error("copy button missing: copy.js did not run")
	}
	if m := authorsRe.FindString(first.Meta); m != "" && !strings.HasPrefix(m, strconv.Itoa(paper.Authors)+" author") {
		t.Errorf("card says %q, paper page lists %d authors", m, paper.Authors)
	}
	shot(t, ctx, shots, "paper.png")

	// Back home, then switch to the week.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`nav.views a:nth-child(2)`))); err != nil {
		t.Fatal(err)
	}
	week, err := chromedp.Run(ctx, chromedp.Evaluate[listState](readList))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^/papers/week/\d{4}-W\d{2}$`).MatchString(week.Path) {
		t.Errorf("week view at %s", week.Path)
	}
	if weekCount := checkList(t, week, "Weekly Papers"); weekCount < dayCount {
		t.Errorf("week has %d papers, fewer than its day's %d", weekCount, dayCount)
	}
	shot(t, ctx, shots, "week.png")

	// A phone: nothing wider than the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow > 0 {
		t.Errorf("page is %d px wider than a 390 px phone", overflow)
	}
	shot(t, ctx, shots, "phone.png")

	// Dark mode follows the system setting.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if !isDark(bg) {
		t.Errorf("dark mode background %s is not dark", bg)
	}
	shot(t, ctx, shots, "home-dark.png")

	if errs := console.list(); len(errs) > 0 {
		t.Errorf("browser console reported problems:\n%s", strings.Join(errs, "\n"))
	}

	// An error page is a page too (its 400 is logged by the browser, so it comes last).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/papers/date/2026-02-30")); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".error-page .message")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "YYYY-MM-DD") {
		t.Errorf("bad-date page says %q", msg)
	}
	shot(t, ctx, shots, "error-dark.png")

}

// shot saves a screenshot of the viewport.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	saveScreenshot(t, dir, name, png)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// isDark reports whether a CSS rgb() color is dark.
func isDark(rgb string) bool {
	var r, g, b int
	if _, err := fmt.Sscanf(rgb, "rgb(%d, %d, %d)", &r, &g, &b); err != nil {
		return false
	}
	return r+g+b < 150
}

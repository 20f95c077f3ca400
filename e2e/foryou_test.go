package e2e

import (
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// forYouSeen is what the For-you page shows.
type forYouSeen struct {
	Invite  bool     `json:"invite"`  // the visitor's invitation to sign in
	Empty   bool     `json:"empty"`   // the no-upvotes state
	IDs     []string `json:"ids"`     // the cards, in order
	Because []string `json:"because"` // each card's "like X" title
}

const readForYou = `(() => ({
  invite: !!document.querySelector('.foryou-signin'),
  empty: !!document.querySelector('.foryou-empty'),
  ids: [...document.querySelectorAll('ol.cards.foryou article.card')].map(c => c.id.slice(2)),
  because: [...document.querySelectorAll('ol.cards.foryou > li')].map(li => { const a = li.querySelector('.because a'); return a ? a.textContent : ''; }),
}))()`

// TestForYouInBrowser: a visitor is invited to sign in; a new member sees
// the no-upvotes state; after upvoting a paper (with the list's button),
// For you lists papers explained by that upvote; after switching the
// upvote to a paper of another field, the list changes and is explained by
// the new one.
func TestForYouInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	srv := startServe(t, "server", 2*time.Minute, []string{"PAPERWIRE_SIGNUP=open"}, "--data", filepath.Join(t.TempDir(), "data"))
	base := srv.Base
	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	console := watchConsole(f.ctx)
	forYou := func(what string) forYouSeen {
		f.load(what, "/papers/for-you", chromedp.Navigate(base+"/papers/for-you"))
		return run(f, "read For you", chromedp.Evaluate[forYouSeen](readForYou))
	}

	if seen := forYou("open For you as a visitor"); !seen.Invite || len(seen.IDs) != 0 {
		t.Fatalf("visitor's For you: %+v, want the invitation and no cards", seen)
	}
	f.load("open the sign-up form", "/signup", chromedp.Navigate(base+"/signup"))
	f.do("fill in the sign-up form",
		chromedp.SendKeys(chromedp.CSS("#name"), "grace"),
		chromedp.SendKeys(chromedp.CSS("#email"), "grace@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "a long enough passphrase"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "a long enough passphrase"))
	f.load("create the account", "/", chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type="submit"]`)))
	f.load("follow the header's For you link", "/papers/for-you", chromedp.Click(chromedp.CSS(`header.site nav.main-nav a[href="/papers/for-you"]`)))
	if seen := run(f, "read For you", chromedp.Evaluate[forYouSeen](readForYou)); !seen.Empty || len(seen.IDs) != 0 {
		t.Fatalf("new member's For you: %+v, want the no-upvotes state", seen)
	}

	// Upvote a paper of one field, from the latest day's list of its category.
	first := f.upvoteFirstIn(base, "cs.CV")
	seen := forYou("open For you after one upvote")
	if len(seen.IDs) < 5 || slices.Contains(seen.IDs, first.ID) {
		t.Fatalf("For you after upvoting %s: %+v", first.ID, seen)
	}
	for i, b := range seen.Because {
		if b != first.Title {
			t.Errorf("card %d (%s) is explained by %q, want the upvoted %q", i+1, seen.IDs[i], b, first.Title)
		}
	}
	f.shot("foryou-one.png")

	// Switch the upvote to a paper of a far field: the list follows.
	f.load("find the first upvote's card again", "", chromedp.Navigate(base+"/?list=all&cat=cs.CV"))
	f.do("take the first upvote back", chromedp.Click(chromedp.CSS(voteButton(first.ID))))
	f.waitCard("the upvote of "+first.ID+" to be taken back", first.ID, `!c.pressed`)
	second := f.upvoteFirstIn(base, "cs.IT")
	after := forYou("open For you after switching the upvote")
	if len(after.IDs) < 5 {
		t.Fatalf("For you after switching: %+v", after)
	}
	if slices.Equal(after.IDs[:5], seen.IDs[:5]) {
		t.Errorf("the first five cards did not change: %v", after.IDs[:5])
	}
	for i, b := range after.Because {
		if b != second.Title {
			t.Errorf("after switching, card %d is explained by %q, want %q", i+1, b, second.Title)
		}
	}
	f.shot("foryou-two.png")
	if errs := console.list(); len(errs) > 0 {
		t.Errorf("browser console:\n%s", strings.Join(errs, "\n"))
	}
}

// upvoted is a paper upvoted in a test.
type upvoted struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// upvoteFirstIn upvotes, with the card's button, the first paper of the
// latest day's list of category cat, and waits for the count to go up.
func (f *flow) upvoteFirstIn(base, cat string) upvoted {
	f.t.Helper()
	f.load("open the latest "+cat+" papers", "", chromedp.Navigate(base+"/?list=all&cat="+cat))
	p := run(f, "read the first "+cat+" card", chromedp.Evaluate[upvoted](`(() => { const c = document.querySelector('article.card'); return c ? {id: c.id.slice(2), title: c.querySelector('.card-title a').textContent} : {id: '', title: ''}; })()`))
	if p.ID == "" {
		f.t.Fatalf("the latest day has no %s paper", cat)
	}
	f.do("upvote "+p.ID, chromedp.Click(chromedp.CSS(voteButton(p.ID))))
	f.waitCard("the upvote of "+p.ID, p.ID, `c.pressed`)
	return p
}

// TestTeXInBrowser: a paper whose title holds TeX shows KaTeX's rendering
// in the browser, with no console errors (so no CSP violation by KaTeX's
// fonts or styles), while the HTML the server sends holds the TeX source,
// which is what a browser without JavaScript shows.
func TestTeXInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	base := startServer(t)
	const id, source = "2606.01573", `$\text{VG}^2$GT: Voxel-Gaussian Splatting`
	resp, err := http.Get(base + "/papers/" + id)
	if err != nil {
		t.Fatal(err)
	}
	html, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the paper: %d %v", resp.StatusCode, err)
	}
	if !strings.Contains(string(html), source) {
		t.Fatalf("the page's HTML lacks the TeX source %q", source)
	}

	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	console := watchConsole(f.ctx)
	f.load("open the paper", "/papers/"+id, chromedp.Navigate(base+"/papers/"+id))
	type texSeen struct {
		Katex   int    `json:"katex"`   // rendered formulas in the title
		Tex     string `json:"tex"`     // the TeX annotation KaTeX keeps
		Text    string `json:"text"`    // the title as read
		FontsOK bool   `json:"fontsOK"` // KaTeX's main font loaded
	}
	run(f, "wait for KaTeX", chromedp.Poll[bool](`document.querySelectorAll('main h1 .katex').length > 0`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(stepTimeout)))
	seen := run(f, "read the title", chromedp.Evaluate[texSeen](`(async () => {
	  await document.fonts.ready;
	  const h = document.querySelector('main h1');
	  const a = h.querySelector('annotation[encoding="application/x-tex"]');
	  return {katex: h.querySelectorAll('.katex').length, tex: a ? a.textContent : '', text: h.textContent,
	    fontsOK: document.fonts.check('16px KaTeX_Main')};
	})()`, chromedp.EvalAwaitPromise))
	if seen.Katex != 1 || seen.Tex != `\text{VG}^2` || strings.Contains(seen.Text, "$") {
		t.Errorf("title after KaTeX: %+v; want one formula of \\text{VG}^2 and no $ left", seen)
	}
	if !seen.FontsOK {
		t.Errorf("KaTeX's fonts did not load")
	}
	f.shot("tex.png")
	if errs := console.list(); len(errs) > 0 {
		t.Errorf("browser console:\n%s", strings.Join(errs, "\n"))
	}

	// Without JavaScript the title reads as its TeX source.
	if _, err := chromedp.Call(f.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	f.load("reload without JavaScript", "/papers/"+id, chromedp.Reload())
	text := run(f, "read the title", chromedp.Evaluate[string](`document.querySelector('main h1').textContent`))
	if !strings.HasPrefix(text, source) {
		t.Errorf("without JavaScript the title reads %q, want the source %q", text, source)
	}
}

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestCommunityInBrowser is the community flow as a person clicks through
// it, against the real binary: sign up with the form, upvote a card with
// JavaScript (in place, no reload), upvote another without JavaScript (the
// form posts and comes back to the card), submit a paper, find it on the
// day's community picks under the submitter's name and, once upvoted, on
// /papers/trending, then sign out with the header's button.
//
// It always starts its own server (PAPERWIRE_E2E_URL is not used): the
// demo corpus is months old, so it needs PAPERWIRE_SUBMIT_MAX_AGE to let a
// demo paper be submitted, and a fresh database for the account.
func TestCommunityInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	srv := startServe(t, "server", 2*time.Minute, []string{"PAPERWIRE_SUBMIT_MAX_AGE=100000h", "PAPERWIRE_SIGNUP=open"},
		"--data", filepath.Join(t.TempDir(), "data"))
	base := srv.Base
	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure) // runs before newBrowser's cleanup closes the tab
	console := watchConsole(f.ctx)
	const name, email, password = "ada.reader", "ada@example.org", "a long enough passphrase"

	// A visitor: the header offers to sign in or up, the votes are sign-in links.
	f.load("open the home page", "/", chromedp.Navigate(base+"/"))
	pg := f.page()
	if pg.Who != "" || !pg.SignIn || !pg.SignUp {
		t.Fatalf("visitor's header: %+v", pg)
	}
	if len(pg.Header) > 0 {
		t.Errorf("visitor's header:\n%s", strings.Join(pg.Header, "\n"))
	}
	if pg.VoteForms != 0 || pg.VoteLinks == 0 {
		t.Errorf("visitor sees %d upvote forms and %d sign-in links, want 0 and some", pg.VoteForms, pg.VoteLinks)
	}

	// Sign up with the form the header links to; it comes back home, signed in.
	f.load("follow the header's Sign up link", "/signup", chromedp.Click(chromedp.CSS(`header.site .account-links a[href="/signup"]`)))
	f.do("fill in the sign-up form",
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.SendKeys(chromedp.CSS("#password2"), password))
	f.load("create the account", "/", chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type="submit"]`)))
	pg = f.page()
	if pg.Who != name || pg.SignIn {
		t.Fatalf("after sign-up the header shows %+v, want the account menu of %s", pg, name)
	}
	if len(pg.Header) > 0 {
		t.Errorf("signed-in header:\n%s", strings.Join(pg.Header, "\n"))
	}
	if pg.VoteForms == 0 {
		t.Fatal("signed in, the cards have no upvote forms")
	}
	cards := run(f, "read the cards", chromedp.Evaluate[[]cardVote](readCards))
	if len(cards) < 2 {
		t.Fatalf("home page has %d cards", len(cards))
	}
	// The first card is upvoted with JavaScript, the last one (not on any
	// list yet: the demo corpus has no picks) is submitted later.
	jsCard, submitted := cards[0], cards[len(cards)-1]
	if jsCard.Pressed || submitted.Pressed {
		t.Fatalf("a new account has upvotes already: %+v %+v", jsCard, submitted)
	}

	// Upvote with JavaScript: the count goes up in place, the page is not reloaded.
	home := pg
	f.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.paperwireE2E = 'before the click'`))
	f.do("click the first card's upvote button", chromedp.Click(chromedp.CSS(voteButton(jsCard.ID))))
	f.waitCard("the count to go up in place", jsCard.ID, `c.count === %d && c.pressed`, jsCard.Count+1)
	pg = f.page()
	if pg.Marker != "before the click" || pg.Path != home.Path || pg.Search != home.Search {
		t.Errorf("the JavaScript upvote reloaded or left the page: %+v", pg)
	}
	f.shot("upvote-js.png")
	// The upvote is stored: a reload shows it.
	f.load("reload the page", "/", chromedp.Reload())
	if c := f.card(jsCard.ID); !c.Found || c.Count != jsCard.Count+1 || !c.Pressed {
		t.Errorf("after a reload the upvoted card shows %+v, want %d upvotes, pressed", c, jsCard.Count+1)
	}

	// Upvote without JavaScript, on the list of the day's largest category
	// (a page with a query string), a card far down: the form posts, and
	// the answer is the same page, scrolled to that card. The card moves
	// up, since a day's cards are ordered by upvotes, but stays on the page.
	if _, err := chromedp.Call(f.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	f.load("pick the largest category", "/", chromedp.Click(chromedp.CSS(`nav.filters a.chip:not(.on)`)))
	before := f.page()
	if !strings.Contains(before.Search, "cat=") {
		t.Fatalf("the category chip led to %s%s, without a category", before.Path, before.Search)
	}
	cards = run(f, "read the cards", chromedp.Evaluate[[]cardVote](readCards))
	if len(cards) < 3 {
		t.Fatalf("the category's list has %d cards", len(cards))
	}
	var noJS cardVote
	for _, c := range cards[len(cards)*2/3:] {
		if !c.Pressed && c.ID != submitted.ID {
			noJS = c
			break
		}
	}
	if noJS.ID == "" {
		t.Fatalf("no card to upvote in the last third of %+v", cards)
	}
	f.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.paperwireE2E = 'before the post'`))
	f.load("submit the card's upvote form", before.Path, chromedp.Click(chromedp.CSS(voteButton(noJS.ID))))
	pg = f.page()
	if pg.Marker != "" {
		t.Error("the upvote form did not load a new page: did JavaScript handle it?")
	}
	if pg.Search != before.Search || pg.Hash != "#p-"+noJS.ID {
		t.Errorf("the upvote form came back to %s%s%s, want %s%s#p-%s", pg.Path, pg.Search, pg.Hash, before.Path, before.Search, noJS.ID)
	}
	c := f.card(noJS.ID)
	if !c.Found || c.Count != noJS.Count+1 || !c.Pressed {
		t.Errorf("after the form the card shows %+v, want %d upvotes, pressed", c, noJS.Count+1)
	}
	if !c.Target || !c.Seen {
		t.Errorf("the page came back with card %s out of sight: %+v", noJS.ID, c)
	}
	f.shot("upvote-nojs.png")
	if _, err := chromedp.Call(f.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}

	// Submit the last card of the first page: it goes on today's community
	// picks, under the submitter's name, and the answer shows it there.
	f.load("follow the Submit a paper link", "/papers/submit", chromedp.Click(chromedp.CSS(`nav.lists a[href="/papers/submit"]`)))
	f.do("type the paper's id", chromedp.SendKeys(chromedp.CSS("#paper"), submitted.ID))
	day := time.Now().UTC()
	f.load("submit the paper", "", chromedp.Click(chromedp.CSS(`form.submit-form button[type="submit"]`)))
	pg = f.page()
	if pg.Path != "/papers/date/"+day.Format(time.DateOnly) && pg.Path != "/papers/date/"+time.Now().UTC().Format(time.DateOnly) {
		t.Fatalf("after submitting, the page is %s%s (%q), want today's list", pg.Path, pg.Search, pg.Heading)
	}
	if q, _ := url.ParseQuery(strings.TrimPrefix(pg.Search, "?")); q.Get("list") != "picks" || pg.List != "Community picks" || pg.Hash != "#p-"+submitted.ID {
		t.Errorf("after submitting, the page is %s%s%s with list tab %q, want the community picks at the paper", pg.Path, pg.Search, pg.Hash, pg.List)
	}
	picks := pg
	c = f.card(submitted.ID)
	if !c.Found || c.By != name || c.ByHref != "/u/"+name {
		t.Fatalf("the picks show the submitted paper as %+v, want it submitted by %s", c, name)
	}
	if !c.Target || !c.Seen {
		t.Errorf("the submitted paper's card is out of sight: %+v", c)
	}
	f.shot("picks.png")

	// Not trending yet: nobody has upvoted it.
	f.load("follow the Trending link", "/papers/trending", chromedp.Click(chromedp.CSS(`nav.lists a[href="/papers/trending"]`)))
	if c := f.card(submitted.ID); c.Found {
		t.Errorf("the submitted paper is trending before any upvote: %+v", c)
	}

	// The home page is now that day's picks; upvote the paper there.
	f.load("go home", "/", chromedp.Click(chromedp.CSS(`header.site a.brand`)))
	if pg = f.page(); pg.Label != picks.Label || pg.List != "Community picks" {
		t.Errorf("home shows %q, list %q, want the picks of %q", pg.Label, pg.List, picks.Label)
	}
	c = f.card(submitted.ID)
	if !c.Found || c.By != name {
		t.Fatalf("home shows the submitted paper as %+v", c)
	}
	f.do("click its upvote button", chromedp.Click(chromedp.CSS(voteButton(submitted.ID))))
	f.waitCard("the count to go up in place", submitted.ID, `c.count === %d && c.pressed`, c.Count+1)

	f.load("follow the Trending link", "/papers/trending", chromedp.Click(chromedp.CSS(`nav.lists a[href="/papers/trending"]`)))
	if c2 := f.card(submitted.ID); !c2.Found || c2.Count != c.Count+1 || !c2.Pressed || c2.By != name {
		t.Errorf("trending shows the upvoted paper as %+v, want %d upvotes, pressed, submitted by %s", c2, c.Count+1, name)
	}
	f.shot("trending.png")

	// Sign out with the header's button: the signed-out header comes back.
	f.do("open the account menu", chromedp.Click(chromedp.CSS(`header.site details.account summary`)),
		chromedp.WaitVisible(chromedp.CSS(`header.site details.account form[action="/signout"] button`)))
	f.load("sign out", "/", chromedp.Click(chromedp.CSS(`header.site details.account form[action="/signout"] button`)))
	pg = f.page()
	if pg.Who != "" || !pg.SignIn || !pg.SignUp {
		t.Errorf("after signing out the header shows %+v, want the Sign in and Sign up links", pg)
	}
	if len(pg.Header) > 0 {
		t.Errorf("signed-out header:\n%s", strings.Join(pg.Header, "\n"))
	}
	if pg.VoteForms != 0 || pg.VoteLinks == 0 {
		t.Errorf("signed out, the page has %d upvote forms and %d sign-in links, want 0 and some", pg.VoteForms, pg.VoteLinks)
	}
	f.shot("signed-out.png")
	// The session is gone, not just hidden: submitting asks to sign in.
	f.load("open the submit page", "/signin", chromedp.Navigate(base+"/papers/submit"))

	if errs := console.list(); len(errs) > 0 {
		t.Errorf("browser console reported problems:\n%s", strings.Join(errs, "\n"))
	}
}

// cardVote is a card's paper and upvote button as the page shows them.
type cardVote struct {
	ID      string `json:"id"`
	Count   int    `json:"count"`
	Pressed bool   `json:"pressed"`
}

const readCards = `[...document.querySelectorAll('article.card')].map(c => ({
  id: c.id.replace(/^p-/, ''),
  count: Number(c.querySelector('.votes .n').textContent),
  pressed: c.querySelector('.votes').getAttribute('aria-pressed') === 'true',
}))`

// voteButton selects the upvote button of paper id's card. Ids hold dots,
// so the card is matched by attribute, not as #p-….
func voteButton(id string) string {
	return fmt.Sprintf(`article.card[id="p-%s"] form.vote button`, id)
}

// pageSeen is what the page around the cards shows.
type pageSeen struct {
	Path      string `json:"path"`
	Search    string `json:"search"`
	Hash      string `json:"hash"`
	Heading   string `json:"heading"`
	Label     string `json:"label"`     // the period, "Jul 1, 2026"
	List      string `json:"list"`      // the current list tab, without its count
	Marker    string `json:"marker"`    // window.paperwireE2E: set before a click, gone after a page load
	Who       string `json:"who"`       // the signed-in name in the header's account menu
	SignIn    bool   `json:"signIn"`    // the header's Sign in link
	SignUp    bool   `json:"signUp"`    // the header's Sign up link
	VoteForms int    `json:"voteForms"` // upvote toggles (signed in)
	VoteLinks int    `json:"voteLinks"` // "sign in to upvote" links (visitors)
	// Header lists what is wrong with the header's links as a person sees
	// them: a label broken over two lines, a link off the screen.
	Header []string `json:"header"`
}

const readPage = `(() => {
  const text = sel => { const e = document.querySelector(sel); return e ? e.textContent.replace(/\s+/g, ' ').trim() : ''; };
  const tab = document.querySelector('nav.lists a[aria-current="page"]');
  return {
    path: location.pathname, search: location.search, hash: location.hash,
    heading: text('h1'), label: text('.period h2'),
    list: tab ? tab.firstChild.textContent.trim() : '',
    marker: window.paperwireE2E || '',
    who: text('header.site details.account .who'),
    signIn: !!document.querySelector('header.site .account-links a[href="/signin"]'),
    signUp: !!document.querySelector('header.site .account-links a[href="/signup"]'),
    voteForms: document.querySelectorAll('form.vote[data-vote]').length,
    voteLinks: document.querySelectorAll('a.votes[href^="/signin?next="]').length,
    header: [...document.querySelectorAll('header.site a, header.site summary')].flatMap(el => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || getComputedStyle(el).visibility === 'hidden' || el.closest('.menu') || el.classList.contains('skip')) return [];
      const label = el.textContent.replace(/\s+/g, ' ').trim() || el.getAttribute('aria-label');
      // A label breaks when one of its visible words' text nodes lies on two lines.
      let lines = 1;
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        if (!n.textContent.trim() || n.parentElement.closest('.vh')) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        lines = Math.max(lines, new Set([...range.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top))).size);
      }
      const out = [];
      if (lines > 1) out.push(label + ': its label breaks over ' + lines + ' lines');
      if (r.left < 0 || r.right > document.documentElement.clientWidth) out.push(label + ': outside the screen (' + Math.round(r.left) + '..' + Math.round(r.right) + ' px)');
      return out;
    }),
  };
})()`

// cardSeenVote is one paper's card as a person sees it.
type cardSeenVote struct {
	Found   bool   `json:"found"`
	Count   int    `json:"count"`
	Pressed bool   `json:"pressed"`
	By      string `json:"by"`     // "Submitted by" whom
	ByHref  string `json:"byHref"` // and the link to their profile
	Target  bool   `json:"target"` // the URL's fragment names it (:target)
	// Seen: its upvote button and title are in the viewport and not covered
	// (by the sticky header, say): what a person sees where the page lands.
	Seen bool   `json:"seen"`
	Top  int    `json:"top"` // its top edge in the viewport, for messages
	Over string `json:"over"`
}

const readCard = `((id) => {
  const c = document.getElementById('p-' + id);
  if (!c) return {found: false};
  const b = c.querySelector('.votes'), title = c.querySelector('.card-title a');
  const by = c.querySelector('.meta .by a');
  const on = el => {
    const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + Math.min(r.height / 2, 10);
    if (y < 0 || y >= innerHeight) return 'outside the viewport';
    const hit = document.elementFromPoint(x, y);
    return el.contains(hit) ? '' : (hit ? hit.tagName.toLowerCase() + (hit.className ? '.' + hit.className : '') + (hit.closest('header') ? ' in the header' : '') : 'nothing');
  };
  const over = on(b) || on(title);
  return {
    found: true,
    count: Number(b.querySelector('.n').textContent),
    pressed: b.getAttribute('aria-pressed') === 'true',
    by: by ? by.textContent.trim() : '', byHref: by ? by.getAttribute('href') : '',
    target: c.matches(':target'),
    seen: over === '', over: over, top: Math.round(c.getBoundingClientRect().top),
  };
})(%s)`

// flow drives one browser tab through the steps of a test. Every step has
// its own deadline, so a step that hangs fails with its name while the
// browser is still there to take a screenshot.
type flow struct {
	t     *testing.T
	ctx   context.Context // the tab, from newBrowser
	shots string
	step  string // the step running, for the failure screenshot
}

// stepTimeout bounds one step: generous for a loaded 2-core machine, where
// a page load with Chromium and the server sharing the cores can take seconds.
const stepTimeout = 60 * time.Second

// do runs actions as the step what.
func (f *flow) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	run(f, what, chromedp.Steps(actions...))
}

// run runs one action as the step what and returns its value.
func run[T any](f *flow, what string, a chromedp.Action[T]) T {
	f.t.Helper()
	f.step = what
	ctx, cancel := context.WithTimeout(f.ctx, stepTimeout)
	defer cancel()
	start := time.Now()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		f.t.Logf("%s took %v", what, d.Round(time.Millisecond))
	}
	return v
}

// load runs actions that load a new page (a navigation, a click on a link
// or on a form's button) and waits for it: it must answer 200, at path
// unless path is "".
func (f *flow) load(what, path string, actions ...chromedp.Action[chromedp.Void]) *network.Response {
	f.t.Helper()
	f.step = what
	ctx, cancel := context.WithTimeout(f.ctx, stepTimeout)
	defer cancel()
	start := time.Now()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		f.t.Logf("%s took %v", what, d.Round(time.Millisecond))
	}
	if resp == nil {
		f.t.Fatalf("%s: no page loaded", what)
	}
	u, err := url.Parse(resp.URL)
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != 200 || path != "" && u.Path != path {
		f.t.Fatalf("%s: got %d %s, want 200 at %s", what, resp.Status, resp.URL, path)
	}
	return resp
}

// page reads what the current page shows around its cards.
func (f *flow) page() pageSeen {
	f.t.Helper()
	return run(f, "read the page", chromedp.Evaluate[pageSeen](readPage))
}

// card reads paper id's card on the current page.
func (f *flow) card(id string) cardSeenVote {
	f.t.Helper()
	q, _ := json.Marshal(id)
	return run(f, "read card "+id, chromedp.Evaluate[cardSeenVote](fmt.Sprintf(readCard, q)))
}

// waitCard waits until paper id's card satisfies cond, a JavaScript
// expression over its state c (see readCard) formatted with args.
func (f *flow) waitCard(what, id, cond string, args ...any) {
	f.t.Helper()
	q, _ := json.Marshal(id)
	expr := fmt.Sprintf(`(() => { const c = %s; return c.found && (%s); })()`, fmt.Sprintf(readCard, q), fmt.Sprintf(cond, args...))
	run(f, "wait for "+what, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(stepTimeout)))
}

// shot saves a screenshot of the viewport after a step.
func (f *flow) shot(name string) {
	f.t.Helper()
	saveScreenshot(f.t, f.shots, name, run(f, "take a screenshot", chromedp.CaptureScreenshot()))
}

// screenshotOnFailure keeps a screenshot of the page a failed test ended
// on, outside the test's temporary directory so that it survives the test,
// and logs where the browser was.
func (f *flow) screenshotOnFailure() {
	if !f.t.Failed() || f.ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithTimeout(f.ctx, 20*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	f.t.Logf("the test failed; its last step was %q, at %s", f.step, loc)
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		f.t.Logf("no failure screenshot: %v", err)
		return
	}
	dir, err := os.MkdirTemp("", "paperwire-e2e-failure-")
	if err != nil {
		f.t.Log(err)
		return
	}
	saveScreenshot(f.t, dir, f.t.Name()+".png", png)
}

package e2e

import (
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestCollectionsInBrowser is the curation flow as a person clicks through
// it, against the real binary, with JavaScript off (every step is a plain
// form): sign up, submit a paper, set its GitHub link with the paper
// page's form, save it into a new collection from a card's Save link, save
// a second paper from its page, move it to the top, then sign out and see
// the collection, notes and order as a visitor does, with no controls.
func TestCollectionsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	srv := startServe(t, "server", 2*time.Minute, []string{"PAPERWIRE_SUBMIT_MAX_AGE=100000h", "PAPERWIRE_SIGNUP=open"},
		"--data", filepath.Join(t.TempDir(), "data"))
	base := srv.Base
	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	if _, err := chromedp.Call(f.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	const name, password = "grace", "a long enough passphrase"
	const repo = "https://github.com/paperwire/paperwire"

	f.load("open the sign-up page", "/signup", chromedp.Navigate(base+"/signup"))
	f.do("fill in the sign-up form",
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#email"), "grace@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.SendKeys(chromedp.CSS("#password2"), password))
	f.load("create the account", "/", chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type="submit"]`)))
	cards := run(f, "read the cards", chromedp.Evaluate[[]cardVote](readCards))
	if len(cards) < 3 {
		t.Fatalf("home page has %d cards", len(cards))
	}
	first, second := cards[0].ID, cards[1].ID

	// Submit the first paper: its submitter may set its links.
	f.load("open the submit page", "/papers/submit", chromedp.Navigate(base+"/papers/submit"))
	f.do("type the paper's id", chromedp.SendKeys(chromedp.CSS("#paper"), first))
	f.load("submit the paper", "", chromedp.Click(chromedp.CSS(`form.submit-form button[type="submit"]`)))

	f.load("open the paper's page", "/papers/"+first, chromedp.Navigate(base+"/papers/"+first))
	f.do("type the repository", chromedp.SendKeys(chromedp.CSS("#github_repo"), repo))
	f.load("save the links", "/papers/"+first, chromedp.Click(chromedp.CSS(`section.links-edit button[type="submit"]`)))
	code := run(f, "read the Code button", chromedp.Evaluate[string](
		`(() => { const a = [...document.querySelectorAll('.paper-head .actions a.btn')].find(a => a.textContent.trim().startsWith('Code')); return a ? a.href : ''; })()`))
	if code != repo {
		t.Fatalf("the paper's Code button links to %q, want %q", code, repo)
	}
	f.shot("links.png")

	// Save the first paper from its card on the home page, into a new collection.
	f.load("go home", "/", chromedp.Navigate(base+"/"))
	f.load("follow the card's Save link", "/collections/add", chromedp.Click(chromedp.CSS(`article.card[id="p-`+first+`"] a.save`)))
	f.do("name the new collection and write a note",
		chromedp.SendKeys(chromedp.CSS("#title"), "Reading list <b>now</b>"),
		chromedp.SendKeys(chromedp.CSS("#note"), "Start here & <i>enjoy</i>"))
	f.load("save it", "", chromedp.Click(chromedp.CSS(`form[action="/collections/add"] button[type="submit"]`)))
	collection := "/collections/" + name + "/reading-list-b-now-b"
	if pg := f.page(); pg.Path != collection {
		t.Fatalf("after saving, the page is %s, want %s", pg.Path, collection)
	}

	// Save the second paper from its own page into that collection, then move it to the top.
	f.load("open the second paper", "/papers/"+second, chromedp.Navigate(base+"/papers/"+second))
	f.load("save it to the collection", collection, chromedp.Click(chromedp.CSS(`form.save-to button[type="submit"]`)))
	f.load("move it up", collection, chromedp.Click(chromedp.CSS(`button[aria-label^="Move"][value="up"]`)))
	f.shot("collection-owner.png")

	// Sign out and look at it as a visitor.
	f.load("sign out", "/", chromedp.Submit(chromedp.CSS(`header.site details.account form[action="/signout"]`)))
	if pg := f.page(); pg.Who != "" {
		t.Fatalf("still signed in as %q", pg.Who)
	}
	f.load("open the collection signed out", collection, chromedp.Navigate(base+collection))
	type seen struct {
		Heading  string   `json:"heading"`
		Cards    []string `json:"cards"`
		Notes    []string `json:"notes"`
		Controls int      `json:"controls"`
		Feeds    []string `json:"feeds"`
		Bold     int      `json:"bold"`
	}
	got := run(f, "read the collection", chromedp.Evaluate[seen](`({
  heading: document.querySelector('h1').textContent.trim(),
  cards: [...document.querySelectorAll('article.card')].map(c => c.id.replace(/^p-/, '')),
  notes: [...document.querySelectorAll('.item-note')].map(n => n.textContent.replace('Note: ', '').trim()),
  controls: document.querySelectorAll('form[action$="/items"], details.collection-edit').length,
  feeds: [...document.querySelectorAll('link[rel="alternate"]')].map(l => l.getAttribute('href')),
  bold: document.querySelectorAll('main h1 b, .item-note i').length,
})`))
	if got.Heading != "Reading list <b>now</b>" || got.Bold != 0 {
		t.Errorf("the heading reads %q (%d markup elements), want the title as typed", got.Heading, got.Bold)
	}
	if !slices.Equal(got.Cards, []string{second, first}) {
		t.Errorf("the visitor sees %v, want %v", got.Cards, []string{second, first})
	}
	if !slices.Equal(got.Notes, []string{"Start here & <i>enjoy</i>"}) {
		t.Errorf("notes %q", got.Notes)
	}
	if got.Controls != 0 {
		t.Errorf("a visitor sees %d editing controls", got.Controls)
	}
	if !slices.Contains(got.Feeds, collection+"/feed.atom") || !slices.Contains(got.Feeds, collection+"/feed.rss") {
		t.Errorf("the page advertises feeds %v", got.Feeds)
	}
	f.shot("collection-visitor.png")

	// The feed is there for a reader, and the paper page lists the collection.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := httpGet(ctx, base+collection+"/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f.load("open the first paper signed out", "/papers/"+first, chromedp.Navigate(base+"/papers/"+first))
	listed := run(f, "read its collections", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#collections a')].map(a => a.getAttribute('href'))`))
	if !slices.Contains(listed, collection) {
		t.Errorf("the paper page lists collections %v, want %s", listed, collection)
	}
}

package e2e

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestDiscussionInBrowser is the discussion and authorship flow against
// the real binary: a reader comments on a paper (with markup that must not
// run) and replies to the comment, then claims one of the paper's authors;
// an admin approves the claim on /admin; the paper page then shows the
// verified mark. No alert may open and no injected script may run.
func TestDiscussionInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	data := filepath.Join(t.TempDir(), "data")
	srv := startServe(t, "server", 2*time.Minute, []string{"PAPERWIRE_SIGNUP=closed"}, "--data", data)
	const password = "a long enough passphrase"
	createUser(t, data, "ada.author", password, false)
	createUser(t, data, "root", password, true)

	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	console := watchConsole(f.ctx)
	var dialogs atomic.Int32
	opening := chromedp.Events(f.ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range opening {
			if err != nil {
				return
			}
			dialogs.Add(1)
			// Dismiss it, or the page would wait for it forever; the count is what fails the test.
			chromedp.Call(f.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false}) //nolint:errcheck
		}
	}()

	signIn(f, srv.Base, "ada.author", password)
	// The first paper of the home page, and its page.
	f.load("open the home page", "/", chromedp.Navigate(srv.Base+"/"))
	href := run(f, "read the first card's link", chromedp.Evaluate[string](`document.querySelector('article.card h3 a').getAttribute('href')`))
	f.load("open the paper", href, chromedp.Navigate(srv.Base+href))

	// Comment: Markdown renders, TeX stays as typed, the script stays text.
	const typed = "Nice **bold** result, $O(n^2)$ <script>window.pwned = 1; alert(1)</script> <img src=x onerror=\"window.pwned = 2\">"
	f.do("type a comment", chromedp.SendKeys(chromedp.CSS("#comment-text"), typed))
	f.load("post the comment", href, chromedp.Click(chromedp.CSS(`form.comment-form button[type="submit"]`)))
	type seen struct {
		Comments int    `json:"comments"`
		Bold     string `json:"bold"`
		Math     string `json:"math"`
		Text     string `json:"text"`
		Replies  int    `json:"replies"`
		Reply    string `json:"reply"`
		Pwned    bool   `json:"pwned"`
		Count    string `json:"count"`
		Verified string `json:"verified"`
		Pending  bool   `json:"pending"`
	}
	const read = `(() => {
  const first = document.querySelector('#discussion article.comment');
  const reply = document.querySelector('#discussion ol.replies article.comment .comment-body');
  const v = document.querySelector('#authors a.verified');
  return {
    comments: document.querySelectorAll('#discussion article.comment').length,
    bold: first ? (first.querySelector('.comment-body strong') || {}).textContent || '' : '',
    math: first ? (first.querySelector('.comment-body span.math') || {}).textContent || '' : '',
    text: first ? first.querySelector('.comment-body').textContent : '',
    replies: document.querySelectorAll('#discussion ol.replies article.comment').length,
    reply: reply ? reply.textContent.trim() : '',
    pwned: window.pwned !== undefined,
    count: (document.querySelector('#h-discussion .count') || {}).textContent || '',
    verified: v ? v.textContent.trim() : '',
    pending: !!document.querySelector('#authors .claim-pending'),
  };
})()`
	s := run(f, "read the discussion", chromedp.Evaluate[seen](read))
	if s.Comments != 1 || s.Bold != "bold" || s.Math != "$O(n^2)$" || s.Count != "1" {
		t.Fatalf("after commenting the page shows %+v", s)
	}
	if !strings.Contains(s.Text, "<script>window.pwned = 1; alert(1)</script>") || s.Pwned {
		t.Errorf("the comment's script was not shown as text, or ran: %+v", s)
	}
	f.shot("comment.png")

	// Reply, through the thread's Reply form.
	f.do("open the reply form", chromedp.Click(chromedp.CSS(`#discussion details.reply summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#discussion details.reply textarea`)))
	f.do("type a reply", chromedp.SendKeys(chromedp.CSS(`#discussion details.reply textarea`), "Agreed, *and* more."))
	f.load("post the reply", href, chromedp.Click(chromedp.CSS(`#discussion details.reply button[type="submit"]`)))
	if s = run(f, "read the discussion", chromedp.Evaluate[seen](read)); s.Replies != 1 || s.Reply != "Agreed, and more." || s.Count != "2" {
		t.Fatalf("after replying the page shows %+v", s)
	}

	// Claim the first author.
	author := run(f, "read the first author", chromedp.Evaluate[string](`document.querySelector('#authors a.author').textContent`))
	f.do("open the claim form", chromedp.Click(chromedp.CSS(`#authors details.claim summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#claim-position`)),
		chromedp.SetValue(chromedp.CSS(`#claim-position`), "0"))
	f.load("claim the first author", href, chromedp.Click(chromedp.CSS(`#authors details.claim button[type="submit"]`)))
	if s = run(f, "read the authors", chromedp.Evaluate[seen](read)); !s.Pending || s.Verified != "" {
		t.Fatalf("after claiming the page shows %+v", s)
	}
	signOut(f)

	// The admin approves it on /admin.
	signIn(f, srv.Base, "root", password)
	f.load("open the admin page", "/admin", chromedp.Navigate(srv.Base+"/admin"))
	row := run(f, "read the claim", chromedp.Evaluate[string](`(document.querySelector('#claims table.claims tbody tr') || {}).textContent || ''`))
	if !strings.Contains(row, "ada.author") || !strings.Contains(row, author) {
		t.Fatalf("the admin page's claims show %q, want ada.author as %s", row, author)
	}
	f.load("approve the claim", "/admin", chromedp.Click(chromedp.CSS(`#claims form[action$="/approve"] button`)))
	f.load("open the paper", href, chromedp.Navigate(srv.Base+href))
	if s = run(f, "read the authors", chromedp.Evaluate[seen](read)); !strings.Contains(s.Verified, "ada.author") {
		t.Fatalf("after approval the page shows %+v, want ada.author verified", s)
	}
	f.shot("verified.png")
	if n := dialogs.Load(); n != 0 || s.Pwned {
		t.Errorf("%d dialogs opened; injected script ran: %v", n, s.Pwned)
	}
	if errs := console.list(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// createUser makes an account with the real binary's `user create`, the
// password on stdin.
func createUser(t *testing.T, data, name, password string, admin bool) {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"user", "create", "--data", data, "--name", name, "--email", name + "@example.org"}
	if admin {
		args = append(args, "--admin")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("paperwire %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// signIn signs in with the sign-in form.
func signIn(f *flow, base, name, password string) {
	f.t.Helper()
	f.load("open the sign-in page", "/signin", chromedp.Navigate(base+"/signin"))
	f.do("fill in the sign-in form", chromedp.SendKeys(chromedp.CSS("#name"), name), chromedp.SendKeys(chromedp.CSS("#password"), password))
	f.load("sign in as "+name, "", chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)))
	if who := f.page().Who; who != name {
		f.t.Fatalf("signed in, the header shows %q, want %s", who, name)
	}
}

// signOut signs out with the header's button.
func signOut(f *flow) {
	f.t.Helper()
	f.do("open the account menu", chromedp.Click(chromedp.CSS(`header.site details.account summary`)),
		chromedp.WaitVisible(chromedp.CSS(`header.site details.account form[action="/signout"] button`)))
	f.load("sign out", "/", chromedp.Click(chromedp.CSS(`header.site details.account form[action="/signout"] button`)))
}

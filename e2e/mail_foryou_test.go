package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paperwire/paperwire/internal/smtptest"
)

// TestDigestForYouInBrowser: a new member verifies their address, upvotes
// a paper, turns on "Include papers picked for me" in their mail settings
// and saves; after a reload the box is still ticked. The digest the real
// binary then sends carries a For-you section explained by that upvote.
func TestDigestForYouInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	sink := smtptest.Start(t)
	data := filepath.Join(t.TempDir(), "data")
	env := []string{"PAPERWIRE_SMTP_URL=" + sink.URL(), "PAPERWIRE_MAIL_FROM=Paperwire <papers@example.org>",
		"PAPERWIRE_BASE_URL=" + mailSiteURL, "PAPERWIRE_MAIL_RATE=0", "PAPERWIRE_SIGNUP=open"}
	srv := startServe(t, "server", 2*time.Minute, env, "--data", data)
	base := srv.Base
	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	console := watchConsole(f.ctx)
	const email = "hedy@example.org"

	f.load("open the sign-up form", "/signup", chromedp.Navigate(base+"/signup"))
	f.do("fill in the sign-up form",
		chromedp.SendKeys(chromedp.CSS("#name"), "hedy"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), "a long enough passphrase"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "a long enough passphrase"))
	f.load("create the account", "/", chromedp.Click(chromedp.CSS(`form[action="/signup"] button[type="submit"]`)))
	verify := mailLink(t, waitMail(t, sink, email, 1), "/verify/")
	f.load("follow the verification link", verify, chromedp.Navigate(base+verify))
	f.load("verify the address", "", chromedp.Click(chromedp.CSS(`form[action="`+verify+`"] button`)))

	liked := f.upvoteFirstIn(base, "cs.CV")

	checked := func() bool {
		return run(f, "read the For-you box", chromedp.Evaluate[bool](`document.querySelector('#for_you').checked`))
	}
	f.load("open the settings", "/settings", chromedp.Navigate(base+"/settings#mail"))
	if checked() {
		t.Fatal("For you in the digest is on before it was turned on")
	}
	f.do("tick Include papers picked for me", chromedp.Click(chromedp.CSS("#for_you")))
	f.load("save the mail settings", "/settings",
		chromedp.Click(chromedp.CSS(`#mail form:has(#frequency) button[type="submit"]`)))
	if text := run(f, "read the notice", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "Your mail choices are saved.") {
		t.Fatalf("settings after saving: %q", text)
	}
	f.load("reload the settings", "/settings", chromedp.Reload())
	if !checked() {
		t.Fatal("after a reload the For-you box is not ticked")
	}
	f.shot("settings-foryou.png")

	sendDailyDigest(t, data, env)
	digest := waitMail(t, sink, email, 2)
	text := strings.ReplaceAll(digest.Text, "\r\n", "\n")
	if !strings.Contains(text, "\nFor you ("+mailSiteURL+"/papers/for-you)\n") ||
		!strings.Contains(text, `Like "`+liked.Title+`" that you upvoted`) {
		t.Fatalf("the digest has no For-you section explained by the upvote of %q:\n%s", liked.Title, text)
	}
	if errs := console.list(); len(errs) > 0 {
		t.Errorf("browser console:\n%s", strings.Join(errs, "\n"))
	}
}

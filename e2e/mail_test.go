package e2e

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/paperwire/paperwire/internal/smtptest"
)

// mailSiteURL is the PAPERWIRE_BASE_URL the server under test puts in its
// mail; the test follows those links on the real server's address.
const mailSiteURL = "http://paperwire.mail.test"

// TestMailInBrowser is the subscription as a reader goes through it, with
// the real binary and a real SMTP server in-process: subscribe with the
// form on the home page, confirm from the link in the captured mail, get a
// digest, and unsubscribe with the link in it.
func TestMailInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end browser test: skipped with -short")
	}
	sink := smtptest.Start(t)
	data := filepath.Join(t.TempDir(), "data")
	env := []string{"PAPERWIRE_SMTP_URL=" + sink.URL(), "PAPERWIRE_MAIL_FROM=Paperwire <papers@example.org>",
		"PAPERWIRE_BASE_URL=" + mailSiteURL, "PAPERWIRE_MAIL_RATE=0"}
	srv := startServe(t, "server", 2*time.Minute, env, "--data", data)
	f := &flow{t: t, ctx: newBrowser(t), shots: t.TempDir()}
	t.Cleanup(f.screenshotOnFailure)
	const email = "reader@example.org"

	f.load("open the home page", "/", chromedp.Navigate(srv.Base+"/"))
	f.do("type an address into the subscribe form",
		chromedp.WaitVisible(chromedp.CSS(`form.subscribe[action="/subscribe"]`)),
		chromedp.SendKeys(chromedp.CSS("#subscribe-email"), email))
	f.load("subscribe", "/subscribe", chromedp.Click(chromedp.CSS(`form.subscribe button[type="submit"]`)))
	if text := run(f, "read the answer", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "Check your inbox") {
		t.Fatalf("after subscribing: %q", text)
	}

	confirm := waitMail(t, sink, email, 1)
	path := mailLink(t, confirm, "/mail/confirm/")
	f.load("follow the confirmation link", path, chromedp.Navigate(srv.Base+path))
	f.load("confirm", path, chromedp.Click(chromedp.CSS(`form[action="`+path+`"] button`)))
	if text := run(f, "read the answer", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "You are subscribed") {
		t.Fatalf("after confirming: %q", text)
	}

	// The demo corpus is old, so the schedule would not send its digest:
	// send it now, as an operator would.
	sendDailyDigest(t, data, env)
	digest := waitMail(t, sink, email, 2)
	if digest.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("digest headers: %v", digest.Header)
	}
	unsub := mailLink(t, digest, "/mail/unsubscribe/")
	f.load("follow the unsubscribe link in the digest", unsub, chromedp.Navigate(srv.Base+unsub))
	f.load("unsubscribe", unsub, chromedp.Click(chromedp.CSS(`form[action="`+unsub+`"] button`)))
	if text := run(f, "read the answer", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "You are unsubscribed") {
		t.Fatalf("after unsubscribing: %q", text)
	}
	manage := mailLink(t, digest, "/mail/manage/")
	f.load("open the manage link", manage, chromedp.Navigate(srv.Base+manage))
	if text := run(f, "read the manage page", chromedp.Text(chromedp.CSS("main"))); !strings.Contains(text, "unsubscribed: nothing is sent") {
		t.Fatalf("manage page after unsubscribing: %q", text)
	}
}

// waitMail waits until rcpt has n messages and returns the nth.
// sendDailyDigest runs `paperwire digest send --period daily` on the data
// directory, as an operator would, with the server's mail settings in env.
func sendDailyDigest(t *testing.T, data string, env []string) {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	send := exec.Command(bin, "digest", "send", "--period", "daily", "--data", data)
	send.Env = append(send.Environ(), env...)
	if out, err := send.CombinedOutput(); err != nil {
		t.Fatalf("digest send: %v\n%s", err, out)
	}
}

func waitMail(t *testing.T, sink *smtptest.Server, rcpt string, n int) *smtptest.Message {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if got := sink.To(rcpt); len(got) >= n {
			return got[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail %d to %s did not arrive", n, rcpt)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mailLink returns the path of the first link to the site under prefix in
// a message's text part.
func mailLink(t *testing.T, m *smtptest.Message, prefix string) string {
	t.Helper()
	l := regexp.MustCompile(regexp.QuoteMeta(mailSiteURL+prefix) + `[^\s"<>]+`).FindString(m.Text)
	if l == "" {
		t.Fatalf("no %s link in:\n%s", prefix, m.Text)
	}
	return strings.TrimPrefix(l, mailSiteURL)
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/smtptest"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// seedMail stores papers listed yesterday and n confirmed subscribers in
// the store args name, and returns the subscribers' addresses.
func seedMail(t *testing.T, args []string, n int) []string {
	t.Helper()
	in := openAt(t, args)
	defer in.Close()
	ctx := context.Background()
	day := paperwire.Day(time.Now().AddDate(0, 0, -1)).Start
	var papers []*paperwire.Paper
	for i := range 12 {
		papers = append(papers, &paperwire.Paper{ID: fmt.Sprintf("2612.%05d", i+1), Title: fmt.Sprintf("Mailed paper %d", i+1),
			Abstract: "An abstract.", Authors: []string{"A. Author"}, Categories: []string{"cs.CL"}, ListedOn: day, Upvotes: i})
	}
	if _, err := in.Papers.UpsertPapers(ctx, papers); err != nil {
		t.Fatal(err)
	}
	ms := store.NewMailStore(in.DB)
	var emails []string
	for i := range n {
		e := fmt.Sprintf("reader%03d@example.org", i)
		if _, err := ms.PutSubscriber(ctx, e, 0, paperwire.DefaultPrefs(), true); err != nil {
			t.Fatal(err)
		}
		emails = append(emails, e)
	}
	return emails
}

func mailEnv(srv *smtptest.Server, rate string) []string {
	return append(os.Environ(), "PAPERWIRE_DATA_DIR=", "PAPERWIRE_SMTP_URL="+srv.URL(), "PAPERWIRE_MAIL_FROM=Paperwire <papers@example.org>",
		"PAPERWIRE_BASE_URL=https://papers.example.org", "PAPERWIRE_MAIL_RATE="+rate, "PAPERWIRE_MAIL_LEASE=2s")
}

// digestOutbox returns the period's digests in the outbox of the store args name.
func digestOutbox(t *testing.T, args []string) []*paperwire.OutboxMessage {
	t.Helper()
	in := openAt(t, args)
	defer in.Close()
	msgs, err := store.NewMailStore(in.DB).OutboxMessages(context.Background(), "digest:daily:")
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// checkOneEach: every subscriber's digest is in the outbox once, sent, and
// reached the server with one Message-ID; at most extra copies arrived
// (a message in flight when a sender was killed is sent again, with the
// same Message-ID, so a receiver can drop it).
func checkOneEach(t *testing.T, args []string, srv *smtptest.Server, emails []string, extra int) {
	t.Helper()
	msgs := digestOutbox(t, args)
	if len(msgs) != len(emails) {
		t.Fatalf("%d digests in the outbox for %d subscribers", len(msgs), len(emails))
	}
	for _, m := range msgs {
		if m.Status != paperwire.OutboxSent {
			t.Errorf("%s: %s (%s)", m.Recipient, m.Status, m.LastError)
		}
	}
	dupes := 0
	for _, e := range emails {
		got := srv.To(e)
		if len(got) == 0 {
			t.Errorf("%s got no digest", e)
			continue
		}
		for _, g := range got[1:] {
			if g.Header.Get("Message-Id") != got[0].Header.Get("Message-Id") {
				t.Errorf("%s got two different digests", e)
			}
			dupes++
		}
	}
	if dupes > extra {
		t.Errorf("%d duplicate deliveries, want at most %d", dupes, extra)
	}
}

// TestDigestSendSIGKILL runs `paperwire digest send`, kills it mid-batch,
// and runs it again: afterwards every subscriber has exactly one digest for
// the period.
func TestDigestSendSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := paperwireBinary(t)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			args := storeArgs(t, kind)
			emails := seedMail(t, args, 60)
			srv := smtptest.Start(t)
			cmd := exec.Command(bin, append([]string{"digest", "send", "--period", "daily"}, args...)...)
			cmd.Env = mailEnv(srv, "40")
			var errOut bytes.Buffer
			cmd.Stderr = &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(60 * time.Second)
			for srv.Accepted() < 15 && time.Now().Before(deadline) {
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			killedAt := srv.Accepted()
			if killedAt >= len(emails) {
				t.Fatalf("the first run finished before the kill:\n%s", errOut.String())
			}
			sent := 0
			for _, m := range digestOutbox(t, args) {
				if m.Status == paperwire.OutboxSent {
					sent++
				}
			}
			t.Logf("killed after %d messages accepted, %d marked sent", killedAt, sent)

			again := exec.Command(bin, append([]string{"digest", "send", "--period", "daily"}, args...)...)
			again.Env = mailEnv(srv, "0")
			out, err := again.CombinedOutput()
			if err != nil {
				t.Fatalf("second run: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "0 queued, 60 already queued") {
				t.Errorf("second run queued again:\n%s", out)
			}
			checkOneEach(t, args, srv, emails, 1)
		})
	}
}

// TestDigestSendTwoInstancesPostgres runs two `digest send` at once on one
// PostgreSQL database: every subscriber gets exactly one digest.
func TestDigestSendTwoInstancesPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := paperwireBinary(t)
	url := storetest.Target(t, "postgres")
	argsA := []string{"--data", t.TempDir(), "--database-url", url}
	argsB := []string{"--data", t.TempDir(), "--database-url", url}
	emails := seedMail(t, argsA, 80)
	srv := smtptest.Start(t)
	var wg sync.WaitGroup
	outs := make([][]byte, 2)
	for i, args := range [][]string{argsA, argsB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, append([]string{"digest", "send", "--period", "daily"}, args...)...)
			cmd.Env = mailEnv(srv, "200")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("instance %d: %v\n%s", i, err, out)
			}
			outs[i] = out
		}()
	}
	wg.Wait()
	checkOneEach(t, argsA, srv, emails, 0)
	if srv.Accepted() != len(emails) {
		t.Errorf("server accepted %d for %d subscribers", srv.Accepted(), len(emails))
	}
	t.Logf("instance A:\n%s\ninstance B:\n%s", outs[0], outs[1])
}

// TestDigestPreview writes one subscriber's digest as a MIME message.
func TestDigestPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	args := storeArgs(t, "sqlite")
	seedMail(t, args, 1)
	out, errOut, code := runBinary(t, append([]string{"digest", "preview", "--period", "daily", "--email", "reader000@example.org"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Subject: Trending papers for", "List-Unsubscribe: <http", "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
		"Content-Type: text/plain", "Content-Type: text/html", "Mailed paper 12"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	_, errOut, code = runBinary(t, append([]string{"digest", "preview", "--period", "hourly"}, args...)...)
	if code != 2 || !strings.Contains(errOut, "want daily or weekly") {
		t.Errorf("bad period: exit %d %s", code, errOut)
	}
	_, errOut, code = runBinary(t, append([]string{"digest", "send", "--period", "daily"}, args...)...)
	if code != 2 || !strings.Contains(errOut, "PAPERWIRE_SMTP_URL") {
		t.Errorf("send without SMTP: exit %d %s", code, errOut)
	}
}

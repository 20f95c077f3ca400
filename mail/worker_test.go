package mail_test

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/smtptest"
	"github.com/paperwire/paperwire/internal/storetest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
)

var from = &mail.Address{Name: "Paperwire", Address: "papers@example.org"}

func worker(t *testing.T, ms *store.MailStore, srv *smtptest.Server, holder string) *pwmail.Worker {
	t.Helper()
	cfg, err := pwmail.ParseSMTPURL(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	return &pwmail.Worker{Outbox: ms, Transport: pwmail.NewSender(cfg), From: from, Holder: holder, Batch: 5}
}

func queue(t *testing.T, ms *store.MailStore, n int, unsub bool) []*paperwire.Subscriber {
	t.Helper()
	ctx := context.Background()
	var subs []*paperwire.Subscriber
	for i := range n {
		sub, err := ms.PutSubscriber(ctx, fmt.Sprintf("reader%03d@example.org", i), 0, paperwire.DefaultPrefs(), true)
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, sub)
		key := fmt.Sprintf("digest:daily:2026-12-01:%d", sub.ID)
		m := &paperwire.OutboxMessage{Kind: paperwire.MailDigest, DedupeKey: key, SubscriberID: sub.ID, Recipient: sub.Email,
			Subject: "Trending papers", Text: "plain body", HTML: "<p>html body</p>", MessageID: key + "@example.org"}
		if unsub {
			m.Unsubscribe = "https://papers.example.org/mail/unsubscribe/tok"
		}
		if _, err := ms.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	return subs
}

func TestWorkerSendsWithHeaders(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ms := store.NewMailStore(db)
	srv := smtptest.Start(t)
	queue(t, ms, 3, true)
	st, err := worker(t, ms, srv, "w").Drain(context.Background())
	if err != nil || st.Sent != 3 {
		t.Fatalf("drain: %v %v", st, err)
	}
	got := srv.Messages()
	if len(got) != 3 {
		t.Fatalf("server got %d", len(got))
	}
	h := got[0].Header
	for name, want := range map[string]string{
		"List-Unsubscribe":      "<https://papers.example.org/mail/unsubscribe/tok>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Message-Id":            "<digest:daily:2026-12-01:1@example.org>",
		"Subject":               "Trending papers",
		"To":                    "<reader000@example.org>",
	} {
		if g := h.Get(name); g != want {
			t.Errorf("%s = %q, want %q", name, g, want)
		}
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if got[0].Text != "plain body" || !strings.Contains(got[0].HTML, "<p>html body</p>") {
		t.Errorf("parts: %q / %q", got[0].Text, got[0].HTML)
	}
	if n, _ := ms.OutboxDepth(context.Background()); n != 0 {
		t.Fatalf("depth %d", n)
	}
	// A second drain sends nothing again.
	if st, _ := worker(t, ms, srv, "w").Drain(context.Background()); st.Sent != 0 || srv.Accepted() != 3 {
		t.Fatalf("second drain sent %v", st)
	}
}

// TestWorkerServerRefusesMidBatch: the server starts answering 451 after two
// messages, then recovers; the rest go out on the retry, once each.
func TestWorkerServerRefusesMidBatch(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	ms := store.NewMailStore(db)
	srv := smtptest.Start(t)
	var down sync.Mutex
	refusing := true
	srv.Refuse = func(_ string, accepted int) *smtp.SMTPError {
		down.Lock()
		defer down.Unlock()
		if refusing && accepted >= 2 {
			return &smtp.SMTPError{Code: 451, Message: "try again later"}
		}
		return nil
	}
	subs := queue(t, ms, 6, false)
	w := worker(t, ms, srv, "w")
	w.Now = db.Now
	st, err := w.Drain(context.Background())
	if err != nil || st.Sent != 2 || st.Retried != 4 {
		t.Fatalf("first drain: %v %v", st, err)
	}
	if n, _ := ms.OutboxDepth(context.Background()); n != 4 {
		t.Fatalf("depth %d, want 4 waiting to retry", n)
	}
	down.Lock()
	refusing = false
	down.Unlock()
	if st, _ := w.Drain(context.Background()); st.Sent != 0 {
		t.Fatalf("sent before the backoff: %v", st)
	}
	now = now.Add(2 * time.Minute)
	if st, err := w.Drain(context.Background()); err != nil || st.Sent != 4 {
		t.Fatalf("after backoff: %v %v", st, err)
	}
	for _, s := range subs {
		if n := len(srv.To(s.Email)); n != 1 {
			t.Errorf("%s got %d messages", s.Email, n)
		}
	}
}

// TestWorkerPermanentFailuresStopAddress: a 550 counts; after three the
// address gets nothing more and what was queued for it is dropped.
func TestWorkerPermanentFailuresStopAddress(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ms := store.NewMailStore(db)
	srv := smtptest.Start(t)
	srv.Refuse = func(rcpt string, _ int) *smtp.SMTPError {
		if strings.HasPrefix(rcpt, "gone@") {
			return &smtp.SMTPError{Code: 550, Message: "no such user"}
		}
		return nil
	}
	ctx := context.Background()
	sub, _ := ms.PutSubscriber(ctx, "gone@example.org", 0, paperwire.DefaultPrefs(), true)
	for i := range 5 {
		key := fmt.Sprintf("alert:%d", i)
		ms.Enqueue(ctx, &paperwire.OutboxMessage{Kind: paperwire.MailAlert, DedupeKey: key, SubscriberID: sub.ID,
			Recipient: sub.Email, Subject: "s", Text: "t", MessageID: key + "@x"})
	}
	w := worker(t, ms, srv, "w")
	w.Batch = 1
	st, err := w.Drain(ctx)
	if err != nil || st.Dropped != 3 || st.Sent != 0 {
		t.Fatalf("drain: %v %v", st, err)
	}
	if s, _ := ms.Subscriber(ctx, sub.ID); s.Status != paperwire.SubscriberBouncing || s.Failures != 3 {
		t.Fatalf("subscriber %+v", s)
	}
	if n, _ := ms.OutboxDepth(ctx); n != 0 {
		t.Fatalf("still queued: %d", n)
	}
}

// TestWorkerRejectsHeaderInjection: a message whose fields hold CR/LF is
// dropped unsent; nothing reaches the server.
func TestWorkerRejectsHeaderInjection(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ms := store.NewMailStore(db)
	srv := smtptest.Start(t)
	ctx := context.Background()
	for i, m := range []*paperwire.OutboxMessage{
		{Recipient: "a@example.org\r\nBcc: victim@example.org", Subject: "s"},
		{Recipient: "a@example.org", Subject: "hello\r\nBcc: victim@example.org"},
		{Recipient: "a@example.org", Subject: "s", Unsubscribe: "https://x/\r\nBcc: victim@example.org"},
	} {
		m.Kind, m.DedupeKey, m.Text, m.MessageID = paperwire.MailAlert, fmt.Sprint("k", i), "t", fmt.Sprint("k", i, "@x")
		if _, err := ms.Enqueue(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	st, err := worker(t, ms, srv, "w").Drain(ctx)
	if err != nil || st.Dropped != 3 || srv.Accepted() != 0 {
		t.Fatalf("drain: %v %v, server accepted %d", st, err, srv.Accepted())
	}
}

// TestTwoWorkersPostgres: two instances drain one PostgreSQL outbox at once;
// every subscriber gets exactly one message.
func TestTwoWorkersPostgres(t *testing.T) {
	target := storetest.Target(t, "postgres")
	dbA := storetest.OpenTarget(t, "postgres", target)
	defer dbA.Close()
	dbB := storetest.OpenTarget(t, "postgres", target)
	defer dbB.Close()
	msA, msB := store.NewMailStore(dbA), store.NewMailStore(dbB)
	srv := smtptest.Start(t)
	subs := queue(t, msA, 120, true)
	var wg sync.WaitGroup
	stats := make([]pwmail.Stats, 2)
	for i, ms := range []*store.MailStore{msA, msB} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Paced, so that neither drains the whole queue before the
			// other has started: the test is about sharing it.
			w := worker(t, ms, srv, fmt.Sprint("instance", i))
			w.Rate = 300
			st, err := w.Drain(context.Background())
			if err != nil {
				t.Error(err)
			}
			stats[i] = st
		}()
	}
	wg.Wait()
	if stats[0].Sent+stats[1].Sent != len(subs) || stats[0].Sent == 0 || stats[1].Sent == 0 {
		t.Fatalf("sent %v and %v of %d (both instances should take part)", stats[0], stats[1], len(subs))
	}
	for _, s := range subs {
		if n := len(srv.To(s.Email)); n != 1 {
			t.Errorf("%s got %d messages", s.Email, n)
		}
	}
}

func TestParseSMTPURL(t *testing.T) {
	c, err := pwmail.ParseSMTPURL("smtp://user:s3cret@mail.example.org?tls=tls")
	if err != nil || c.Port != 465 || c.Username != "user" || c.Password != "s3cret" || c.TLS != "tls" {
		t.Fatalf("%+v %v", c, err)
	}
	if c, _ := pwmail.ParseSMTPURL("smtp://mail.example.org:2525"); c.TLS != "starttls" || c.Port != 2525 {
		t.Fatalf("defaults: %+v", c)
	}
	for _, bad := range []string{"http://x", "smtp://", "smtp://h?tls=maybe", "smtp://h:99999"} {
		if _, err := pwmail.ParseSMTPURL(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	_, err = pwmail.ParseSMTPURL("smtp://u:hunter2@h?tls=bogus")
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error leaks the password or is missing: %v", err)
	}
	if r := pwmail.Redact("smtp://u:hunter2@h:25"); strings.Contains(r, "hunter2") {
		t.Fatal(r)
	}
}

func TestSignerForgedExpiredOtherPurpose(t *testing.T) {
	s := pwmail.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tok := s.SignID("m", 42, now.Add(time.Hour))
	if id, err := s.VerifyID("m", tok, now); err != nil || id != 42 {
		t.Fatalf("%d %v", id, err)
	}
	other := pwmail.NewSigner([]byte("another secret, another instance"))
	cases := map[string]string{
		"expired":       "",
		"other purpose": "",
		"other secret":  other.SignID("m", 42, time.Time{}),
		"altered":       strings.Replace(tok, tok[:4], "AAAA", 1),
		"garbage":       "not-a-token",
		"long":          strings.Repeat("a", 5000),
	}
	for name, tk := range cases {
		at, purpose := now, "m"
		switch name {
		case "expired":
			tk, at = tok, now.Add(2*time.Hour)
		case "other purpose":
			tk, purpose = tok, "c"
		}
		if _, err := s.VerifyID(purpose, tk, at); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
}

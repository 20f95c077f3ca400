package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/digest"
	"github.com/paperwire/paperwire/internal/smtptest"
	"github.com/paperwire/paperwire/internal/storetest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

const mailBase = "https://papers.example.org"

// mailSite is a community server with mail on: a real store, the mail
// service over it, and a real SMTP server in-process that the outbox is
// sent to (send).
type mailSite struct {
	*community
	t    *testing.T
	ms   *store.MailStore
	svc  *pwmail.Service
	smtp *smtptest.Server
	now  *time.Time
}

func newMailSite(t *testing.T, db *store.DB, enabled bool, opts ...serverOpt) *mailSite {
	t.Helper()
	now := fixedNow
	ms := store.NewMailStore(db)
	svc, err := pwmail.NewService(context.Background(), ms, pwmail.Options{BaseURL: mailBase, Enabled: enabled,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	wire := func(cfg *web.Config) { cfg.Mail, cfg.Mailer, cfg.BaseURL = svc, svc, mailBase }
	c := newCommunity(t, db, append([]serverOpt{wire}, opts...)...)
	db.Now = func() time.Time { return now }
	return &mailSite{community: c, t: t, ms: ms, svc: svc, smtp: smtptest.Start(t), now: &now}
}

// send drains the outbox to the SMTP server.
func (m *mailSite) send() pwmail.Stats {
	m.t.Helper()
	cfg, _ := pwmail.ParseSMTPURL(m.smtp.URL())
	w := &pwmail.Worker{Outbox: m.ms, Transport: pwmail.NewSender(cfg), From: &mail.Address{Name: "Paperwire", Address: "papers@example.org"},
		Holder: "test", Now: func() time.Time { return *m.now }}
	st, err := w.Drain(context.Background())
	if err != nil {
		m.t.Fatal(err)
	}
	return st
}

// link finds the first site link with path prefix in a message's text and
// returns its path.
func link(t *testing.T, msg *smtptest.Message, prefix string) string {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(mailBase+prefix) + `[^\s"<>]+`)
	l := re.FindString(msg.Text)
	if l == "" {
		t.Fatalf("no %s link in:\n%s", prefix, msg.Text)
	}
	return strings.TrimPrefix(l, mailBase)
}

func (m *mailSite) counts() map[string]int {
	c, err := m.ms.SubscriberCounts(context.Background())
	if err != nil {
		m.t.Fatal(err)
	}
	return c
}

// TestMailOptInDigestOneClick is the whole flow against a real SMTP
// server: subscribe, confirm from the mail, get a digest with the right
// headers, manage it, and unsubscribe with RFC 8058's one-click POST.
func TestMailOptInDigestOneClick(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailSite(t, db, true)
		b := m.browser("203.0.113.5")
		w := b.get("/papers/date/" + dayWed)
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "Get trending papers in your email inbox!", `action="/subscribe"`)

		w = b.post("/subscribe", fields("email", "reader@example.org"))
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "Check your inbox")
		if m.counts()[paperwire.SubscriberPending] != 1 {
			t.Fatalf("counts %v", m.counts())
		}
		// Nothing but the confirmation goes out before it is followed.
		p, err := digest.Latest(context.Background(), m.papers, paperwire.FrequencyDaily, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		builder := &digest.Builder{Mail: m.svc, Papers: m.papers}
		if res, _ := builder.Build(context.Background(), p, digest.Options{Now: fixedNow, AllDue: true}); res.Queued != 0 {
			t.Fatalf("a digest was queued before confirmation: %v", res)
		}
		if st := m.send(); st.Sent != 1 {
			t.Fatalf("sent %v", st)
		}
		confirm := m.smtp.To("reader@example.org")
		if len(confirm) != 1 || confirm[0].Header.Get("Subject") != "Confirm your subscription" {
			t.Fatalf("confirmation: %v", confirm)
		}
		path := link(t, confirm[0], "/mail/confirm/")
		// Following the link shows a button; only the POST confirms, so a
		// link scanner's GET does nothing.
		w = b.get(path)
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), `action="`+path+`"`)
		if m.counts()[paperwire.SubscriberActive] != 0 {
			t.Fatal("a GET confirmed")
		}
		w = b.post(path, nil)
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "You are subscribed")
		if m.counts()[paperwire.SubscriberActive] != 1 {
			t.Fatalf("counts %v", m.counts())
		}

		res, err := builder.Build(context.Background(), p, digest.Options{Now: fixedNow, AllDue: true})
		if err != nil || res.Queued != 1 {
			t.Fatalf("build %v %v", res, err)
		}
		m.send()
		got := m.smtp.To("reader@example.org")
		if len(got) != 2 {
			t.Fatalf("%d messages", len(got))
		}
		d := got[1]
		unsub := d.Header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<"+mailBase+"/mail/unsubscribe/") || !strings.HasSuffix(unsub, ">") {
			t.Fatalf("List-Unsubscribe %q", unsub)
		}
		if d.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("List-Unsubscribe-Post %q", d.Header.Get("List-Unsubscribe-Post"))
		}
		if id := d.Header.Get("Message-Id"); !strings.HasSuffix(id, "@papers.example.org>") {
			t.Fatalf("Message-ID %q", id)
		}
		if _, err := d.Header.Date(); err != nil {
			t.Fatalf("Date: %v", err)
		}
		unsubURL := strings.Trim(unsub, "<>")
		if !strings.Contains(d.HTML, `href="`+unsubURL+`"`) || !strings.Contains(d.Text, unsubURL) {
			t.Fatal("no visible unsubscribe link in the body")
		}
		wantContains(t, d.Text, "Trending paper", "https://arxiv.org/abs/2607.00004", mailBase+"/papers/2607.00004")
		if strings.Contains(d.HTML, "<script>alert") {
			t.Fatal("a paper's title reached the mail's HTML unescaped")
		}

		// View in browser shows the same HTML, under a strict policy.
		w = b.get(link(t, d, "/mail/view/"))
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "Trending paper") || !strings.Contains(w.Header().Get("Content-Security-Policy"), "default-src 'none'") {
			t.Fatal("view in browser")
		}

		// The manage page changes choices without signing in.
		manage := link(t, d, "/mail/manage/")
		w = b.get(manage)
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "reader@example.org")
		if w.Header().Get("Referrer-Policy") != "no-referrer" || !strings.Contains(w.Header().Get("Cache-Control"), "no-store") {
			t.Fatal("a token page may be cached or leak its URL")
		}
		w = b.post(manage, fields("frequency", "weekly", "categories", "cs.CL, cs.LG", "send_hour", "7", "time_zone", "Europe/Paris"))
		wantLocation(t, w, http.StatusSeeOther, manage+"?done=saved")
		sub, _ := m.ms.SubscriberByEmail(context.Background(), "reader@example.org")
		if sub.Frequency != "weekly" || strings.Join(sub.Categories, " ") != "cs.CL cs.LG" || sub.SendHour != 7 || sub.TimeZone != "Europe/Paris" {
			t.Fatalf("prefs %+v", sub.SubscriptionPrefs)
		}
		w = b.post(manage, fields("frequency", "hourly", "send_hour", "7", "time_zone", "UTC"))
		wantStatus(t, w, http.StatusBadRequest)

		// RFC 8058: a POST with no cookie, no Origin, no CSRF token, from a
		// mail provider's server; and one marked cross-site too.
		req := httptest.NewRequest(http.MethodPost, strings.TrimPrefix(unsubURL, mailBase), strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://mail.provider.example")
		rec := httptest.NewRecorder()
		m.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Header().Get("Location") != "" {
			t.Fatalf("one-click POST: %d, Location %q", rec.Code, rec.Header().Get("Location"))
		}
		if m.counts()[paperwire.SubscriberUnsubscribed] != 1 {
			t.Fatalf("counts %v", m.counts())
		}
		// Nothing more goes to the address.
		p.Start = p.Start.AddDate(0, 0, 1)
		if res, _ := builder.Build(context.Background(), p, digest.Options{Now: fixedNow, AllDue: true}); res.Queued != 0 {
			t.Fatalf("queued after unsubscribe: %v", res)
		}
		// Other cross-origin writes are still refused.
		req = httptest.NewRequest(http.MethodPost, "/subscribe", strings.NewReader("email=x%40example.org"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		rec = httptest.NewRecorder()
		m.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Fatalf("cross-site subscribe: %d", rec.Code)
		}
	})
}

// TestMailBadInput: malformed and over-long addresses, CR/LF injection,
// forged and expired tokens are clear 4xx answers; nothing is stored or sent.
func TestMailBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailSite(t, db, true)
		b := m.browser("203.0.113.6")
		for _, bad := range []string{"", "no-at-sign", "a@", strings.Repeat("a", 250) + "@example.org",
			"reader@example.org\r\nBcc: victim@example.org", "reader@example.org\nBcc: victim@example.org",
			`"<script>"@example.org`, "a b@example.org"} {
			w := b.post("/subscribe", fields("email", bad))
			if w.Code != http.StatusBadRequest {
				t.Errorf("subscribe %q: %d", bad, w.Code)
			}
		}
		w := b.post("/alerts", fields("email", "ok@example.org", "q", "diffusion\r\nBcc: victim@example.org"))
		wantStatus(t, w, http.StatusBadRequest)
		w = b.post("/alerts", fields("email", "ok@example.org", "q", strings.Repeat("x", 600)))
		wantStatus(t, w, http.StatusBadRequest)
		if c := m.counts(); len(c) != 0 {
			t.Fatalf("stored: %v", c)
		}
		if n, _ := m.ms.OutboxDepth(context.Background()); n != 0 {
			t.Fatalf("queued: %d", n)
		}

		// A real subscriber, to forge and expire its tokens (from another
		// address: this one has used up its subscribe attempts).
		b = m.browser("203.0.113.60")
		wantStatus(t, b.post("/subscribe", fields("email", "reader@example.org")), http.StatusOK)
		m.send()
		confirm := link(t, m.smtp.To("reader@example.org")[0], "/mail/confirm/")
		token := strings.TrimPrefix(confirm, "/mail/confirm/")
		forged := token[:len(token)-3] + "AAA"
		for _, path := range []string{"/mail/confirm/" + forged, "/mail/manage/" + forged, "/mail/unsubscribe/" + forged,
			"/mail/view/" + forged, "/mail/manage/" + token, "/mail/unsubscribe/" + token, "/reset/" + forged, "/verify/" + token} {
			w := b.get(path)
			if w.Code != http.StatusBadRequest {
				t.Errorf("GET %s: %d", path, w.Code)
			}
		}
		w = b.post("/mail/confirm/"+forged, nil)
		wantStatus(t, w, http.StatusBadRequest)
		w = b.post("/mail/unsubscribe/not-a-token", nil)
		wantStatus(t, w, http.StatusBadRequest)
		*m.now = m.now.Add(pwmail.ConfirmTTL + time.Hour)
		w = b.post(confirm, nil)
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "expired")
		if c := m.counts(); c[paperwire.SubscriberActive] != 0 {
			t.Fatalf("an expired link confirmed: %v", c)
		}
	})
}

// TestMailOffHidesForms: without SMTP the subscribe form is not shown and
// subscribing is refused.
func TestMailOffHidesForms(t *testing.T) {
	m := newMailSite(t, storetest.Open(t, "sqlite"), false)
	b := m.browser("203.0.113.7")
	w := b.get("/papers/date/" + dayWed)
	wantLacks(t, w.Body.String(), "Get trending papers in your email inbox!")
	w = b.post("/subscribe", fields("email", "reader@example.org"))
	wantStatus(t, w, http.StatusServiceUnavailable)
	if c := m.counts(); len(c) != 0 {
		t.Fatalf("stored: %v", c)
	}
}

// TestManageActsOnlyOnItsOwnSubscriber: a manage token cannot remove
// another subscriber's saved search; queries are escaped where shown.
func TestManageActsOnlyOnItsOwnSubscriber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailSite(t, db, true)
		ctx := context.Background()
		a, _ := m.ms.PutSubscriber(ctx, "a@example.org", 0, paperwire.DefaultPrefs(), true)
		bsub, _ := m.ms.PutSubscriber(ctx, "b@example.org", 0, paperwire.DefaultPrefs(), true)
		ss, _ := m.ms.SaveSearch(ctx, bsub.ID, `<script>alert(1)</script>`)
		aManage := localPath(m.svc.ManageURL(a))
		b := m.browser("203.0.113.8")
		w := b.post(aManage+"/searches/"+strconv.FormatInt(ss.ID, 10)+"/delete", nil)
		wantStatus(t, w, http.StatusNotFound)
		if got, _ := m.ms.SavedSearches(ctx, bsub.ID); len(got) != 1 {
			t.Fatal("a removed b's search")
		}
		w = b.get(localPath(m.svc.ManageURL(bsub)))
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;")
		wantLacks(t, w.Body.String(), "<script>alert(1)")
	})
}

// TestPasswordResetByMail: forgot → mail → reset page → new password; the
// link works once; an unknown address gets the same answer and no mail.
func TestPasswordResetByMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailSite(t, db, true)
		u := m.user("ada", "old password 1", false)
		b := m.browser("203.0.113.9")
		wantContains(t, b.get("/signin").Body.String(), `href="/forgot"`)
		w := b.post("/forgot", fields("email", "nobody@example.org"))
		wantStatus(t, w, http.StatusOK)
		unknown := w.Body.String()
		w = b.post("/forgot", fields("email", "ADA@example.org"))
		wantStatus(t, w, http.StatusOK)
		if w.Body.String() != unknown {
			t.Error("the answer tells whether the address has an account")
		}
		w = b.post("/forgot", fields("email", "x@example.org\r\nBcc: v@example.org"))
		wantStatus(t, w, http.StatusBadRequest)
		if st := m.send(); st.Sent != 1 {
			t.Fatalf("sent %v", st)
		}
		msgs := m.smtp.To("ada@example.org")
		if len(msgs) != 1 {
			t.Fatalf("%d mails to ada", len(msgs))
		}
		reset := link(t, msgs[0], "/reset/")
		if strings.Contains(msgs[0].Text, "old password") {
			t.Fatal("a password in mail")
		}
		wantStatus(t, b.get(reset), http.StatusOK)
		w = b.post(reset, fields("new", "new password 2", "new2", "different"))
		wantStatus(t, w, http.StatusBadRequest)
		w = b.post(reset, fields("new", "new password 2", "new2", "new password 2"))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=password")
		got := m.reload(u)
		if !auth.CheckPassword(got.PasswordHash, "new password 2") {
			t.Fatal("password not changed")
		}
		w = m.browser("203.0.113.10").post(reset, fields("new", "third password 3", "new2", "third password 3"))
		wantStatus(t, w, http.StatusBadRequest)
		if !auth.CheckPassword(m.reload(u).PasswordHash, "new password 2") {
			t.Fatal("a used link changed the password again")
		}
		// Expired links fail too.
		b.post("/forgot", fields("email", "ada@example.org"))
		m.send()
		late := link(t, m.smtp.To("ada@example.org")[1], "/reset/")
		*m.now = m.now.Add(pwmail.ResetTTL + time.Minute)
		wantStatus(t, b.get(late), http.StatusBadRequest)
	})
}

// TestVerifyAndSettingsSubscribe: sign-up mails a verification link that
// verifies the address; a verified user then subscribes from settings
// without confirming again, and saves a search from the results page.
func TestVerifyAndSettingsSubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		m := newMailSite(t, db, true, func(cfg *web.Config) { cfg.Searcher = titleSearcher{cfg.Papers} })
		b := m.browser("203.0.113.11")
		w := b.post("/signup", fields("name", "grace", "email", "grace@example.org", "password", "long password 1", "password2", "long password 1"))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("signup: %d %s", w.Code, clip(w.Body.String()))
		}
		m.send()
		msgs := m.smtp.To("grace@example.org")
		if len(msgs) != 1 {
			t.Fatalf("%d mails", len(msgs))
		}
		verify := link(t, msgs[0], "/verify/")
		wantStatus(t, b.get(verify), http.StatusOK)
		wantStatus(t, b.post(verify, nil), http.StatusOK)
		u, _ := m.users.UserByName(context.Background(), "grace")
		if !u.EmailVerified {
			t.Fatal("not verified")
		}
		w = b.get("/settings")
		wantContains(t, w.Body.String(), "Email digest", `action="/settings/mail"`)
		w = b.post("/settings/mail", fields("frequency", "daily", "categories", "cs.CL", "send_hour", "9", "time_zone", "UTC"))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=mail#mail")
		sub, err := m.ms.SubscriberByEmail(context.Background(), "grace@example.org")
		if err != nil || sub.Status != paperwire.SubscriberActive || sub.UserID != u.ID {
			t.Fatalf("subscriber %+v %v", sub, err)
		}
		w = b.get("/search?q=trending")
		wantContains(t, w.Body.String(), "Email me new papers that match", `action="/alerts"`)
		w = b.post("/alerts", fields("q", "trending"))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=alert#mail")
		if ss, _ := m.ms.SavedSearches(context.Background(), sub.ID); len(ss) != 1 || ss[0].Query != "trending" {
			t.Fatalf("saved %v", ss)
		}
		if st := m.send(); st.Sent != 0 {
			t.Fatalf("a verified user was mailed a confirmation: %v", st)
		}
		w = b.post("/settings/mail", fields("action", "unsubscribe"))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=mailoff#mail")
		if c := m.counts(); c[paperwire.SubscriberUnsubscribed] != 1 {
			t.Fatalf("counts %v", c)
		}
	})
}

func localPath(abs string) string {
	u, err := url.Parse(abs)
	if err != nil {
		return abs
	}
	return u.Path
}

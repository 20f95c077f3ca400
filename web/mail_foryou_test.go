package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/digest"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/internal/smtptest"
	"github.com/paperwire/paperwire/internal/storetest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// hostileLiked is a protein paper whose title is markup: the reason every
// For-you pick of a reader who liked it quotes that title.
const hostileLiked = "2606.80009"

// forYouMail is a site with the topic papers, accounts and mail on, its
// outbox sent to a real SMTP server in-process.
type forYouMail struct {
	*paperSite
	ms      *store.MailStore
	svc     *pwmail.Service
	smtp    *smtptest.Server
	builder *digest.Builder
}

func newForYouMail(t *testing.T, db *store.DB) *forYouMail {
	t.Helper()
	ms := store.NewMailStore(db)
	svc, err := pwmail.NewService(context.Background(), ms, pwmail.Options{BaseURL: mailBase, Enabled: true,
		Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	site := newPaperSite(t, db, func(c *web.Config) { c.Mail, c.Mailer = svc, svc })
	protein := "Protein folding and protein structure prediction from amino acid sequences with residue contact maps."
	papers := append(topicPapers(), &paperwire.Paper{ID: hostileLiked, Title: `<b>Protein</b> folding & "contacts" <script>alert('pw')</script>`,
		Abstract: protein, Authors: []string{"T. Author"}, Categories: []string{"q-bio.BM"}, ListedOn: day("2026-06-26")})
	papers[2].Upvotes = 500 // proteinNew[0] trends, so the For-you section must leave it to the trending one
	if _, err := site.papers.UpsertPapers(context.Background(), papers); err != nil {
		t.Fatal(err)
	}
	picker := &foryou.Picker{Papers: site.papers, Votes: site.papers, Collections: site.papers, Authors: site.papers,
		Ranker: foryou.NewRecommender(nil, foryou.Options{})}
	b := &digest.Builder{Mail: svc, Papers: site.papers, ForYou: picker, Trending: 3}
	return &forYouMail{paperSite: site, ms: ms, svc: svc, smtp: smtptest.Start(t), builder: b}
}

// verified is a member whose address is verified, as after following the link.
func (f *forYouMail) verified(name string) *member {
	f.t.Helper()
	m := f.member(name)
	m.EmailVerified = true
	if err := f.users.UpdateUser(context.Background(), m.User); err != nil {
		f.t.Fatal(err)
	}
	return m
}

// digests queues the day's digests and sends them; it returns each
// recipient's message.
func (f *forYouMail) digests() map[string]*smtptest.Message {
	f.t.Helper()
	ctx := context.Background()
	p, err := digest.Latest(ctx, f.papers, paperwire.FrequencyDaily, fixedNow)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.builder.Build(ctx, p, digest.Options{Now: fixedNow, AllDue: true}); err != nil {
		f.t.Fatal(err)
	}
	cfg, _ := pwmail.ParseSMTPURL(f.smtp.URL())
	w := &pwmail.Worker{Outbox: f.ms, Transport: pwmail.NewSender(cfg), From: &mail.Address{Name: "Paperwire", Address: "papers@example.org"},
		Holder: "test", Now: func() time.Time { return fixedNow }}
	if _, err := w.Drain(ctx); err != nil {
		f.t.Fatal(err)
	}
	out := map[string]*smtptest.Message{}
	for _, addr := range []string{"ada@example.org", "bob@example.org", "cy@example.org"} {
		for _, m := range f.smtp.To(addr) {
			if strings.HasPrefix(m.Header.Get("Subject"), "Trending papers") {
				out[addr] = m
			}
		}
	}
	return out
}

var paperLinkRe = regexp.MustCompile(`Paper: ` + regexp.QuoteMeta(mailBase) + `/papers/(\S+)`)

// sections splits a digest's text part into its trending papers and its
// For-you papers (nil without a section), by id.
func sections(t *testing.T, text string) (trending, forYou []string) {
	t.Helper()
	text = strings.ReplaceAll(text, "\r\n", "\n")
	head, tail, found := strings.Cut(text, "\nFor you ("+mailBase+"/papers/for-you)\n")
	tail, _, _ = strings.Cut(tail, "\n--\n")
	for _, m := range paperLinkRe.FindAllStringSubmatch(head, -1) {
		trending = append(trending, m[1])
	}
	if found {
		forYou = []string{}
		for _, m := range paperLinkRe.FindAllStringSubmatch(tail, -1) {
			forYou = append(forYou, m[1])
		}
	}
	return trending, forYou
}

// TestDigestForYouOptIn: a reader who turns on "papers picked for me" in
// their settings gets, over SMTP, a digest whose For-you section lists the
// day's papers most like what they upvoted, each with its reason, none of
// them already trending, with the liked title escaped in the HTML part. A
// reader who did not opt in, and one who likes nothing yet, get no section.
func TestDigestForYouOptIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newForYouMail(t, db)
		ada, bob, cy := f.verified("ada"), f.verified("bob"), f.verified("cy")
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+hostileLiked+"/upvote", ""), http.StatusOK)
		wantStatus(t, bob.api(http.MethodPost, "/api/papers/"+speechLiked+"/upvote", ""), http.StatusOK)

		body := ada.page("/settings").Body.String()
		wantContains(t, body, "Include papers picked for me", `name="for_you"`)
		if strings.Contains(body, `name="for_you" value="1" checked`) {
			t.Fatal("For you is on before anyone turned it on")
		}
		prefs := []string{"frequency", "daily", "categories", "", "send_hour", "8", "time_zone", "UTC"}
		wantLocation(t, ada.post("/settings/mail", fields(append(prefs, "for_you", "1")...)), http.StatusSeeOther, "/settings?done=mail#mail")
		wantLocation(t, bob.post("/settings/mail", fields(prefs...)), http.StatusSeeOther, "/settings?done=mail#mail")
		wantLocation(t, cy.post("/settings/mail", fields(append(prefs, "for_you", "1")...)), http.StatusSeeOther, "/settings?done=mail#mail")
		if body := ada.page("/settings").Body.String(); !strings.Contains(body, `name="for_you" value="1" checked`) {
			t.Fatalf("the saved opt-in is not shown on:\n%s", clip(body))
		}

		got := f.digests()
		if len(got) != 3 {
			t.Fatalf("digests for %d of 3 readers", len(got))
		}
		d := got["ada@example.org"]
		trending, picks := sections(t, d.Text)
		if len(picks) != 5 {
			t.Fatalf("ada's For-you section lists %v; want 5 papers:\n%s", picks, d.Text)
		}
		if !slices.Contains(trending, proteinNew[0]) || slices.Contains(picks, proteinNew[0]) {
			t.Errorf("trending %v, For you %v: the trending protein paper must be in the first and not repeated", trending, picks)
		}
		for _, id := range picks {
			if slices.Contains(trending, id) {
				t.Errorf("%s is in both sections", id)
			}
		}
		if !sameSet(picks[:2], proteinNew[1:]) {
			t.Errorf("ada's picks begin %v; want the other protein papers %v", picks[:2], proteinNew[1:])
		}
		if slices.Contains(picks, hostileLiked) {
			t.Error("the upvoted paper itself is picked")
		}
		wantContains(t, d.Text, `Like "<b>Protein</b> folding & "contacts" <script>alert('pw')</script>" that you upvoted`)
		if strings.Contains(d.HTML, "<script>alert('pw')") || strings.Contains(d.HTML, "<b>Protein</b>") {
			t.Fatalf("the liked title reached the HTML part unescaped:\n%s", d.HTML)
		}
		wantContains(t, d.HTML, ">For you</h2>", `href="`+mailBase+`/papers/for-you"`,
			`Like <a class="pw-link" href="`+mailBase+`/papers/`+hostileLiked+`" style="color:#2563eb">&lt;b&gt;Protein&lt;/b&gt; folding &amp; &#34;contacts&#34; &lt;script&gt;alert(&#39;pw&#39;)&lt;/script&gt;</a> that you upvoted`)

		for _, addr := range []string{"bob@example.org", "cy@example.org"} {
			d := got[addr]
			if _, picks := sections(t, d.Text); picks != nil || strings.Contains(d.HTML, ">For you</h2>") || strings.Contains(d.Text, "that you upvoted") {
				t.Errorf("%s (not opted in, or liking nothing) has a For-you section:\n%s", addr, d.Text)
			}
		}

		// Turning it off (the box unticked) takes the section away again.
		wantLocation(t, ada.post("/settings/mail", fields(prefs...)), http.StatusSeeOther, "/settings?done=mail#mail")
		if sub, _ := f.ms.SubscriberByEmail(context.Background(), "ada@example.org"); sub.ForYou {
			t.Fatal("still opted in after the box was unticked")
		}
	})
}

// TestDigestForYouOwnerOnly: only the signed-in owner turns the opt-in on.
// A visitor is sent to sign in, a cross-site form is refused, an API token
// cannot, another member's form changes only their own subscription, and
// an account whose unverified address is someone else's subscription cannot
// reach it. The manage link in a mail shows the choice without changing it.
func TestDigestForYouOwnerOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newForYouMail(t, db)
		ctx := context.Background()
		ada, mal := f.verified("ada"), f.verified("mal")
		on := fields("frequency", "daily", "categories", "", "send_hour", "8", "time_zone", "UTC", "for_you", "1")
		wantLocation(t, ada.post("/settings/mail", fields("frequency", "daily", "categories", "", "send_hour", "8", "time_zone", "UTC")),
			http.StatusSeeOther, "/settings?done=mail#mail")
		adaSub, err := f.ms.SubscriberByEmail(ctx, "ada@example.org")
		if err != nil || adaSub.ForYou {
			t.Fatalf("ada's subscription %+v, %v", adaSub, err)
		}
		isOff := func(why string) {
			t.Helper()
			if sub, _ := f.ms.Subscriber(ctx, adaSub.ID); sub.ForYou {
				t.Fatalf("%s turned ada's For you on", why)
			}
		}

		req := httptest.NewRequest(http.MethodPost, "/settings/mail", strings.NewReader(on.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := f.serve(req, "198.51.100.7:4711")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/signin") {
			t.Fatalf("visitor: %d, Location %q; want a redirect to sign in", w.Code, w.Header().Get("Location"))
		}
		isOff("a visitor")

		wantStatus(t, ada.post("/settings/mail", on, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), http.StatusForbidden)
		isOff("a cross-site form")

		wantStatus(t, ada.api(http.MethodPost, "/settings/mail", on.Encode(), "Content-Type", "application/x-www-form-urlencoded"), http.StatusForbidden)
		isOff("an API token")

		wantLocation(t, mal.post("/settings/mail", on), http.StatusSeeOther, "/settings?done=mail#mail")
		isOff("another member")
		if sub, _ := f.ms.SubscriberByEmail(ctx, "mal@example.org"); !sub.ForYou || sub.UserID != mal.ID {
			t.Fatalf("mal's own subscription %+v", sub)
		}

		// zed@ subscribed by the public form; an account made with that
		// address, not verified, cannot turn its For you on.
		zedSub, err := f.ms.PutSubscriber(ctx, "zed@example.org", 0, paperwire.DefaultPrefs(), true)
		if err != nil {
			t.Fatal(err)
		}
		zed := f.member("zed")
		w = zed.post("/settings/mail", on)
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "Verify your email address first")
		if sub, _ := f.ms.Subscriber(ctx, zedSub.ID); sub.ForYou || sub.UserID != 0 {
			t.Fatalf("an unverified account reached the address's subscription: %+v", sub)
		}

		// The manage page (the link in every mail) says whether it is on.
		wantLocation(t, ada.post("/settings/mail", on), http.StatusSeeOther, "/settings?done=mail#mail")
		subn, err := f.svc.UserSubscription(ctx, ada.User)
		if err != nil {
			t.Fatal(err)
		}
		body := f.visit("/mail/manage/" + subn.Token).Body.String()
		wantContains(t, body, "Papers picked for you: included")
		wantLacks(t, body, `name="for_you"`)
	})
}

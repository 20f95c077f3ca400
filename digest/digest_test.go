package digest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/digest"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
)

var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// seed stores papers listed on day: three in cs.CL, three in cs.CV, one
// with markup in its title, and one listed the day before.
func seed(t *testing.T, db *store.DB) *store.PaperStore {
	t.Helper()
	ps := store.NewPaperStore(db)
	var papers []*paperwire.Paper
	for i := range 6 {
		cat := "cs.CL"
		if i >= 3 {
			cat = "cs.CV"
		}
		papers = append(papers, &paperwire.Paper{ID: fmt.Sprintf("2612.%05d", i+1), Title: fmt.Sprintf("Paper %d on %s", i+1, cat),
			Abstract: strings.Repeat("A long abstract about language models. ", 20), Authors: []string{"Ada Lovelace", "Alan Turing"},
			Categories: []string{cat}, ListedOn: day, Upvotes: 10 * (i + 1)})
	}
	papers = append(papers,
		&paperwire.Paper{ID: "2612.00099", Title: `<script>alert("x")</script> Diffusion`, Abstract: "diffusion <b>bold</b>",
			Authors: []string{"Eve"}, Categories: []string{"cs.CV"}, ListedOn: day, Upvotes: 100},
		&paperwire.Paper{ID: "2611.00001", Title: "Old diffusion paper", Abstract: "diffusion", Authors: []string{"Old"},
			Categories: []string{"cs.CV"}, ListedOn: day.AddDate(0, 0, -1), Upvotes: 99})
	if _, err := ps.UpsertPapers(context.Background(), papers); err != nil {
		t.Fatal(err)
	}
	return ps
}

// substringSearch stands in for the search engine: papers whose title or
// abstract holds the query.
func substringSearch(ps *store.PaperStore) digest.SearchFunc {
	return func(ctx context.Context, q string, limit int) ([]*paperwire.Paper, error) {
		all, _, err := ps.Papers(ctx, paperwire.PaperFilter{Limit: 100})
		if err != nil {
			return nil, err
		}
		q, _, _ = strings.Cut(q, " after:") // the date filters are for the real engine; the digest filters by day too
		var out []*paperwire.Paper
		for _, p := range all {
			if strings.Contains(strings.ToLower(p.Title+" "+p.Abstract), strings.ToLower(q)) {
				out = append(out, p)
			}
		}
		return out, nil
	}
}

func TestBuildDigestAndAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps := seed(t, db)
		ms := store.NewMailStore(db)
		svc, err := mail.NewService(ctx, ms, mail.Options{BaseURL: "https://papers.example.org", Enabled: true})
		if err != nil {
			t.Fatal(err)
		}
		clPrefs := paperwire.DefaultPrefs()
		clPrefs.Categories = []string{"cs.CL"}
		cl, _ := ms.PutSubscriber(ctx, "cl@example.org", 0, clPrefs, true)
		all, _ := ms.PutSubscriber(ctx, "all@example.org", 0, paperwire.DefaultPrefs(), true)
		alertPrefs := paperwire.DefaultPrefs()
		alertPrefs.Frequency = paperwire.FrequencyNone
		alert, _ := ms.PutSubscriber(ctx, "alert@example.org", 0, alertPrefs, true)
		ms.SaveSearch(ctx, alert.ID, "diffusion")
		weekly := paperwire.DefaultPrefs()
		weekly.Frequency = paperwire.FrequencyWeekly
		ms.PutSubscriber(ctx, "weekly@example.org", 0, weekly, true)
		ms.PutSubscriber(ctx, "pending@example.org", 0, paperwire.DefaultPrefs(), false)

		b := &digest.Builder{Mail: svc, Papers: ps, Search: substringSearch(ps), Trending: 5}
		now := day.Add(20 * time.Hour)
		p, err := digest.Latest(ctx, ps, paperwire.FrequencyDaily, now)
		if err != nil || p.Key() != "daily:2026-12-01" {
			t.Fatalf("period %v %v", p.Key(), err)
		}
		res, err := b.Build(ctx, p, digest.Options{Now: now})
		if err != nil || res.Queued != 3 {
			t.Fatalf("build: %v %v", res, err)
		}
		msgs, _ := ms.OutboxMessages(ctx, "digest:daily:2026-12-01:")
		if len(msgs) != 2 {
			t.Fatalf("%d digests", len(msgs))
		}
		byTo := map[string]*paperwire.OutboxMessage{}
		for _, m := range msgs {
			byTo[m.Recipient] = m
		}
		clm := byTo["cl@example.org"]
		if clm == nil || !strings.Contains(clm.Text, "Paper 3 on cs.CL") || strings.Contains(clm.Text, "cs.CV") {
			t.Fatalf("cs.CL digest text:\n%s", clm.Text)
		}
		// Most trending first: paper 3 has the most upvotes of the cs.CL ones.
		if strings.Index(clm.Text, "Paper 3") > strings.Index(clm.Text, "Paper 1") {
			t.Error("papers not in trending order")
		}
		if !strings.Contains(clm.HTML, svc.UnsubscribeURL(cl)) || !strings.Contains(clm.Text, "Unsubscribe: "+svc.UnsubscribeURL(cl)) ||
			clm.Unsubscribe != svc.UnsubscribeURL(cl) || !strings.Contains(clm.Text, "https://arxiv.org/abs/2612.00003") {
			t.Error("the digest lacks its links")
		}
		am := byTo["all@example.org"]
		if strings.Contains(am.HTML, "<script>") || !strings.Contains(am.HTML, "&lt;script&gt;") {
			t.Error("a paper's title reached the HTML unescaped")
		}
		if len(strings.Fields(am.Text)) == 0 || strings.Count(am.Text, "Paper: ") != 5 {
			t.Errorf("all-categories digest has %d papers, want 5", strings.Count(am.Text, "Paper: "))
		}
		_ = all
		alerts, _ := ms.OutboxMessages(ctx, "alert:daily:2026-12-01:")
		if len(alerts) != 1 || !strings.Contains(alerts[0].Text, "Diffusion") || strings.Contains(alerts[0].Text, "Old diffusion") {
			t.Fatalf("alerts: %d %v", len(alerts), alerts)
		}
		// Again, and nothing more is queued.
		res, err = b.Build(ctx, p, digest.Options{Now: now})
		if err != nil || res.Queued != 0 || res.Already != 3 {
			t.Fatalf("rebuild: %v %v", res, err)
		}
		// The weekly digest goes out from Saturday.
		w, _ := digest.Latest(ctx, ps, paperwire.FrequencyWeekly, now)
		if res, _ := b.Build(ctx, w, digest.Options{Now: now}); res.Queued != 0 || res.NotDue != 1 {
			t.Fatalf("weekly on Tuesday: %v", res)
		}
		if res, _ := b.Build(ctx, w, digest.Options{Now: time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)}); res.Queued != 1 {
			t.Fatalf("weekly on Saturday: %v", res)
		}
	})
}

func TestDueRespectsSendHourAndZone(t *testing.T) {
	p := digest.Period{Frequency: paperwire.FrequencyDaily, Period: paperwire.Day(day)}
	sub := &paperwire.Subscriber{SubscriptionPrefs: paperwire.SubscriptionPrefs{SendHour: 8, TimeZone: "America/New_York"}}
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{day.Add(12 * time.Hour), false},                 // 07:00 in New York
		{day.Add(13 * time.Hour), true},                  // 08:00 in New York
		{day.AddDate(0, 0, 10), false},                   // too late to be news
		{day.Add(-time.Hour).Add(13 * time.Hour), false}, // 07:00
	} {
		if got := p.Due(sub, c.at); got != c.want {
			t.Errorf("Due at %s = %v, want %v", c.at, got, c.want)
		}
	}
}

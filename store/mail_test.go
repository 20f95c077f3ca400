package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestSubscriberLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms := store.NewMailStore(db)
		p := paperwire.DefaultPrefs()
		p.Categories = []string{"cs.CL", " cs.LG", "cs.CL"}
		sub, err := ms.PutSubscriber(ctx, "Ada@Example.org", 0, p, false)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != paperwire.SubscriberPending || len(sub.Categories) != 2 {
			t.Fatalf("new subscriber = %+v", sub)
		}
		if got, _ := ms.ActiveSubscribers(ctx, 0, 10); len(got) != 0 {
			t.Fatalf("pending subscriber listed as active: %d", len(got))
		}
		if sub, err = ms.ConfirmSubscriber(ctx, sub.ID); err != nil || sub.Status != paperwire.SubscriberActive || sub.ConfirmedAt.IsZero() {
			t.Fatalf("confirm: %+v, %v", sub, err)
		}
		// Subscribing again (another case, from a form anyone can fill in)
		// keeps the row, its status and its choices.
		again, err := ms.PutSubscriber(ctx, "ada@example.ORG", 0, paperwire.DefaultPrefs(), false)
		if err != nil || again.ID != sub.ID || again.Status != paperwire.SubscriberActive || len(again.Categories) != 2 {
			t.Fatalf("resubscribe: %+v, %v", again, err)
		}
		if err := ms.Unsubscribe(ctx, sub.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := ms.Subscriber(ctx, sub.ID); got.Status != paperwire.SubscriberUnsubscribed {
			t.Fatalf("after unsubscribe: %s", got.Status)
		}
		if err := ms.Unsubscribe(ctx, 9999); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("unsubscribe unknown: %v", err)
		}
		for _, bad := range []string{"no-at-sign", "a@b.c\r\nBcc: x@y.z", "<a@b.c>", string(make([]byte, 300)) + "@x.org"} {
			if _, err := ms.PutSubscriber(ctx, bad, 0, paperwire.DefaultPrefs(), false); paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Errorf("PutSubscriber(%q) = %v, want EINVALID", bad, err)
			}
		}
		badPrefs := paperwire.DefaultPrefs()
		badPrefs.TimeZone = "Mars/Olympus"
		if _, err := ms.PutSubscriber(ctx, "b@example.org", 0, badPrefs, false); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Errorf("bad zone: %v", err)
		}
		if c, _ := ms.SubscriberCounts(ctx); c[paperwire.SubscriberUnsubscribed] != 1 || len(c) != 1 {
			t.Fatalf("nothing but the one subscriber may be stored: %v", c)
		}
	})
}

func TestSavedSearches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms := store.NewMailStore(db)
		a, _ := ms.PutSubscriber(ctx, "a@example.org", 0, paperwire.DefaultPrefs(), true)
		b, _ := ms.PutSubscriber(ctx, "b@example.org", 0, paperwire.DefaultPrefs(), true)
		s1, err := ms.SaveSearch(ctx, a.ID, "diffusion cat:cs.CV")
		if err != nil {
			t.Fatal(err)
		}
		if s2, _ := ms.SaveSearch(ctx, a.ID, " diffusion cat:cs.CV "); s2.ID != s1.ID {
			t.Fatalf("same query saved twice: %d, %d", s1.ID, s2.ID)
		}
		if _, err := ms.SaveSearch(ctx, a.ID, "x\r\nBcc: y"); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Fatalf("CR/LF query: %v", err)
		}
		if err := ms.DeleteSavedSearch(ctx, b.ID, s1.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("b deleted a's search: %v", err)
		}
		if got, _ := ms.SavedSearches(ctx, a.ID); len(got) != 1 {
			t.Fatalf("a has %d searches", len(got))
		}
		for i := 1; i < paperwire.MaxSavedSearches; i++ {
			if _, err := ms.SaveSearch(ctx, a.ID, fmt.Sprintf("q%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ms.SaveSearch(ctx, a.ID, "one too many"); paperwire.ErrorCode(err) != paperwire.ETOOMANY {
			t.Fatalf("past the limit: %v", err)
		}
	})
}

func msg(key, to string, sub int64) *paperwire.OutboxMessage {
	return &paperwire.OutboxMessage{Kind: paperwire.MailDigest, DedupeKey: key, SubscriberID: sub, Recipient: to,
		Subject: "s", Text: "t", MessageID: key + "@test"}
}

func TestOutboxDedupeClaimRetryDrop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ms := store.NewMailStore(db)
		sub, _ := ms.PutSubscriber(ctx, "a@example.org", 0, paperwire.DefaultPrefs(), true)
		if ok, err := ms.Enqueue(ctx, msg("digest:daily:2026-12-01:1", "a@example.org", sub.ID)); !ok || err != nil {
			t.Fatalf("enqueue: %v %v", ok, err)
		}
		if ok, err := ms.Enqueue(ctx, msg("digest:daily:2026-12-01:1", "a@example.org", sub.ID)); ok || err != nil {
			t.Fatalf("second enqueue of one key: %v %v", ok, err)
		}
		if n, _ := ms.OutboxDepth(ctx); n != 1 {
			t.Fatalf("depth %d", n)
		}
		got, err := ms.Claim(ctx, "x", 10, time.Minute)
		if err != nil || len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("claim: %v %v", got, err)
		}
		if again, _ := ms.Claim(ctx, "y", 10, time.Minute); len(again) != 0 {
			t.Fatal("a leased message was claimed twice")
		}
		now = now.Add(2 * time.Minute) // x died; its lease lapsed
		got, _ = ms.Claim(ctx, "y", 10, time.Minute)
		if len(got) != 1 {
			t.Fatal("a lapsed lease was not taken over")
		}
		if err := ms.Retry(ctx, got[0].ID, now.Add(time.Minute), "421 busy"); err != nil {
			t.Fatal(err)
		}
		if early, _ := ms.Claim(ctx, "y", 10, time.Minute); len(early) != 0 {
			t.Fatal("claimed before its retry time")
		}
		now = now.Add(time.Minute)
		got, _ = ms.Claim(ctx, "y", 10, time.Minute)
		if len(got) != 1 || got[0].LastError != "421 busy" {
			t.Fatalf("retry: %+v", got)
		}
		if err := ms.MarkSent(ctx, got[0].ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := ms.OutboxDepth(ctx); n != 0 {
			t.Fatalf("depth after send %d", n)
		}
		// Three permanent refusals stop the address and drop what waits for it.
		for i := range paperwire.MaxSubscriberFailures + 1 {
			if _, err := ms.Enqueue(ctx, msg(fmt.Sprintf("k%d", i), "A@example.org", sub.ID)); err != nil {
				t.Fatal(err)
			}
		}
		for i := range paperwire.MaxSubscriberFailures {
			c, err := ms.Claim(ctx, "z", 1, time.Minute)
			if err != nil || len(c) != 1 {
				t.Fatalf("claim %d: %v %v", i, c, err)
			}
			stopped, err := ms.Drop(ctx, c[0].ID, true, "550 no such user")
			if err != nil || stopped != (i == paperwire.MaxSubscriberFailures-1) {
				t.Fatalf("drop %d: %v %v", i, stopped, err)
			}
		}
		if s, _ := ms.Subscriber(ctx, sub.ID); s.Status != paperwire.SubscriberBouncing {
			t.Fatalf("status %s", s.Status)
		}
		if n, _ := ms.OutboxDepth(ctx); n != 0 {
			t.Fatalf("mail still queued for a bouncing address: %d", n)
		}
		if s, _ := ms.ConfirmSubscriber(ctx, sub.ID); s.Status != paperwire.SubscriberActive || s.Failures != 0 {
			t.Fatalf("resubscribe: %+v", s)
		}
	})
}

// TestOutboxClaimConcurrent has several claimers race over one queue: each
// message is claimed exactly once.
func TestOutboxClaimConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms := store.NewMailStore(db)
		const n = 200
		for i := range n {
			ms.Enqueue(ctx, msg(fmt.Sprintf("k%03d", i), "a@example.org", 0))
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					got, err := ms.Claim(ctx, fmt.Sprint("w", w), 7, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						seen[m.ID]++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Fatalf("claimed %d of %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Fatalf("message %d claimed %d times", id, c)
			}
		}
	})
}

func TestPasswordResetSingleUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		users, ms := store.NewUserStore(db), store.NewMailStore(db)
		u := &paperwire.User{Name: "ada", Email: "ada@example.org", PasswordHash: "x"}
		if err := users.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		ms.CreatePasswordReset(ctx, "h1", u.ID, now.Add(time.Hour))
		ms.CreatePasswordReset(ctx, "h2", u.ID, now.Add(time.Hour))
		if id, err := ms.UsePasswordReset(ctx, "h1"); err != nil || id != u.ID {
			t.Fatalf("use: %d %v", id, err)
		}
		for _, h := range []string{"h1", "h2", "forged"} {
			if _, err := ms.UsePasswordReset(ctx, h); paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Fatalf("reuse %s: %v", h, err)
			}
		}
		ms.CreatePasswordReset(ctx, "h3", u.ID, now.Add(time.Hour))
		now = now.Add(2 * time.Hour)
		if _, err := ms.UsePasswordReset(ctx, "h3"); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Fatalf("expired: %v", err)
		}
	})
}

func TestMailSecretSharedAndStable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := store.NewMailStore(db).Secret(ctx, "links")
		if err != nil || len(a) != 32 {
			t.Fatalf("secret: %x %v", a, err)
		}
		b, _ := store.NewMailStore(db).Secret(ctx, "links")
		if string(a) != string(b) {
			t.Fatal("the secret changed")
		}
	})
}

// TestSubscriberForYou: the For-you opt-in starts off, survives a change of
// prefs and a resubscription, links the subscriber to its account, and is
// listed with the active subscribers the digest walks.
func TestSubscriberForYou(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, us := store.NewMailStore(db), store.NewUserStore(db)
		ada := newUser(t, us, "ada")
		sub, err := ms.PutSubscriber(ctx, "ada@example.org", 0, paperwire.DefaultPrefs(), true)
		if err != nil {
			t.Fatal(err)
		}
		if sub.ForYou || sub.UserID != 0 {
			t.Fatalf("new subscriber %+v: For you must start off, unlinked", sub)
		}
		if err := ms.SetForYou(ctx, sub.ID, 0, true); paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Fatalf("For you without an account: %v", err)
		}
		if err := ms.SetForYou(ctx, sub.ID, ada.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := ms.Subscriber(ctx, sub.ID)
		if !got.ForYou || got.UserID != ada.ID {
			t.Fatalf("after opting in: %+v", got)
		}
		weekly := paperwire.DefaultPrefs()
		weekly.Frequency = paperwire.FrequencyWeekly
		if err := ms.SetPrefs(ctx, sub.ID, weekly); err != nil {
			t.Fatal(err)
		}
		if _, err := ms.PutSubscriber(ctx, "ADA@example.org", 0, paperwire.DefaultPrefs(), false); err != nil {
			t.Fatal(err)
		}
		active, err := ms.ActiveSubscribers(ctx, 0, 10)
		if err != nil || len(active) != 1 || !active[0].ForYou || active[0].Frequency != paperwire.FrequencyWeekly {
			t.Fatalf("active subscribers %+v, %v: the opt-in must outlive prefs and a resubscription", active, err)
		}
		if byUser, err := ms.SubscriberByUser(ctx, ada.ID); err != nil || byUser.ID != sub.ID {
			t.Fatalf("subscriber by user: %+v, %v", byUser, err)
		}
		if err := ms.SetForYou(ctx, sub.ID, 0, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := ms.Subscriber(ctx, sub.ID); got.ForYou || got.UserID != ada.ID {
			t.Fatalf("after opting out: %+v (the account link stays)", got)
		}
		if err := ms.SetForYou(ctx, 9999, ada.ID, true); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("unknown subscriber: %v", err)
		}
	})
}

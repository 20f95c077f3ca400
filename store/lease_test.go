package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestLeaseHeldRenewedTakenOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		const ttl = 30 * time.Second
		try := func(holder string, want bool) {
			t.Helper()
			got, err := db.AcquireLease(ctx, "harvest", holder, ttl)
			if err != nil || got != want {
				t.Fatalf("%s at %s: got %v, %v; want %v", holder, now.Format(time.TimeOnly), got, err, want)
			}
		}
		try("a", true)
		try("b", false) // a holds it
		now = now.Add(20 * time.Second)
		try("a", true) // renewed until +50s
		now = now.Add(20 * time.Second)
		try("b", false) // still a's: the renewal moved the expiry
		if h, _, err := db.LeaseHolder(ctx, "harvest"); err != nil || h != "a" {
			t.Fatalf("holder = %q, %v", h, err)
		}
		now = now.Add(11 * time.Second) // a died and let it lapse
		try("b", true)
		try("a", false)
		if err := db.ReleaseLease(ctx, "harvest", "a"); err != nil { // not a's to release
			t.Fatal(err)
		}
		try("a", false)
		if err := db.ReleaseLease(ctx, "harvest", "b"); err != nil {
			t.Fatal(err)
		}
		try("a", true) // released: no need to wait
		try("a", true)
		if _, err := db.AcquireLease(ctx, "", "a", ttl); err == nil {
			t.Fatal("a lease without a name was taken")
		}
	})
}

// TestLeaseOneWinner races many holders for one free lease: exactly one wins.
func TestLeaseOneWinner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		wins := make(chan string, 8)
		done := make(chan struct{})
		for i := range 8 {
			go func() {
				defer func() { done <- struct{}{} }()
				holder := string(rune('a' + i))
				ok, err := db.AcquireLease(ctx, "digest", holder, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins <- holder
				}
			}()
		}
		for range 8 {
			<-done
		}
		if len(wins) != 1 {
			t.Fatalf("%d holders won the lease", len(wins))
		}
	})
}

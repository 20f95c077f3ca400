package store_test

import (
	"context"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// A feed token finds its own user only; regenerating revokes the old one;
// revoking, disabling the user or deleting the account ends it.
func TestFeedTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		us := store.NewUserStore(db)
		ada, bob := newUser(t, us, "ada"), newUser(t, us, "bob")
		if at, err := us.FeedTokenCreated(ctx, ada.ID); err != nil || !at.IsZero() {
			t.Fatalf("before any token: %v, %v; want zero time", at, err)
		}
		first, second, bobs := auth.Hash("pwf_first"), auth.Hash("pwf_second"), auth.Hash("pwf_bob")
		for _, set := range []struct {
			id   int64
			hash string
		}{{ada.ID, first}, {bob.ID, bobs}} {
			if err := us.SetFeedToken(ctx, set.id, set.hash); err != nil {
				t.Fatal(err)
			}
		}
		if u, err := us.FeedTokenUser(ctx, first); err != nil || u.ID != ada.ID {
			t.Fatalf("ada's token: %+v, %v", u, err)
		}
		if u, err := us.FeedTokenUser(ctx, bobs); err != nil || u.ID != bob.ID {
			t.Fatalf("bob's token: %+v, %v", u, err)
		}
		if at, err := us.FeedTokenCreated(ctx, ada.ID); err != nil || at.IsZero() {
			t.Fatalf("created: %v, %v", at, err)
		}

		if err := us.SetFeedToken(ctx, ada.ID, second); err != nil {
			t.Fatal(err)
		}
		if _, err := us.FeedTokenUser(ctx, first); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("replaced token: %v, want ENOTFOUND", err)
		}
		if u, err := us.FeedTokenUser(ctx, second); err != nil || u.ID != ada.ID {
			t.Fatalf("new token: %+v, %v", u, err)
		}

		if err := us.DeleteFeedToken(ctx, ada.ID); err != nil {
			t.Fatal(err)
		}
		if err := us.DeleteFeedToken(ctx, ada.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("second revoke: %v, want ENOTFOUND", err)
		}
		if _, err := us.FeedTokenUser(ctx, second); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("revoked token: %v, want ENOTFOUND", err)
		}
		if u, err := us.FeedTokenUser(ctx, bobs); err != nil || u.ID != bob.ID {
			t.Fatalf("ada's revoke touched bob's token: %+v, %v", u, err)
		}

		bob.Disabled = true
		if err := us.UpdateUser(ctx, bob); err != nil {
			t.Fatal(err)
		}
		if _, err := us.FeedTokenUser(ctx, bobs); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("disabled user's token: %v, want ENOTFOUND", err)
		}
		if err := us.DeleteUser(ctx, bob.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM foryou_feeds`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%d feed tokens left after deleting the account", n)
		}
	})
}

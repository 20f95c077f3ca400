package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func newUser(t *testing.T, us *store.UserStore, name string) *paperwire.User {
	t.Helper()
	u := &paperwire.User{Name: name, Email: name + "@example.org", PasswordHash: "$argon2id$test"}
	if err := us.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsersUniqueAndUpdated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		us := store.NewUserStore(db)
		ada := newUser(t, us, "Ada")
		if ada.ID == 0 {
			t.Fatal("no id")
		}
		for _, u := range []*paperwire.User{
			{Name: "ada", Email: "other@example.org", PasswordHash: "x"},
			{Name: "alan", Email: "ADA@example.org", PasswordHash: "x"},
		} {
			if err := us.CreateUser(ctx, u); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
				t.Fatalf("create %s/%s: %v, want ECONFLICT", u.Name, u.Email, err)
			}
		}
		for _, u := range []*paperwire.User{
			{Name: "<b>x</b>", Email: "x@example.org", PasswordHash: "x"},
			{Name: "okname", Email: "not-an-email", PasswordHash: "x"},
		} {
			if err := us.CreateUser(ctx, u); paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Fatalf("create %q: %v, want EINVALID", u.Name, err)
			}
		}
		got, err := us.UserByName(ctx, "ADA")
		if err != nil || got.ID != ada.ID || got.Name != "Ada" {
			t.Fatalf("by name: %+v, %v", got, err)
		}
		got.Email, got.ShowUpvotes, got.Admin = "ada@new.example", true, true
		if err := us.UpdateUser(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := us.UserByEmail(ctx, "ADA@NEW.example")
		if again == nil || !again.ShowUpvotes || !again.Admin {
			t.Fatalf("update lost: %+v", again)
		}
		alan := newUser(t, us, "alan")
		alan.Email = "ada@new.example"
		if err := us.UpdateUser(ctx, alan); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("taking another's email: %v", err)
		}
		if _, err := us.User(ctx, 9999); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("missing user: %v", err)
		}
		list, total, err := us.Users(ctx, 0, 10)
		if err != nil || total != 2 || list[0].Name != "Ada" {
			t.Fatalf("users: %v %d %v", list, total, err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		us := store.NewUserStore(db)
		u := newUser(t, us, "ada")
		if err := us.CreateSession(ctx, "h1", u.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, err := us.SessionUser(ctx, "h1"); err != nil || got.ID != u.ID {
			t.Fatalf("session: %v %v", got, err)
		}
		now = now.Add(2 * time.Hour)
		if _, err := us.SessionUser(ctx, "h1"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("expired session answered: %v", err)
		}
		us.CreateSession(ctx, "h2", u.ID, now.Add(time.Hour))
		tok := &paperwire.APIToken{UserID: u.ID, Name: "laptop", Hint: "pw_abcd"}
		if err := us.CreateToken(ctx, tok, "th1"); err != nil {
			t.Fatal(err)
		}
		if got, err := us.TokenUser(ctx, "th1"); err != nil || got.ID != u.ID {
			t.Fatalf("token user: %v %v", got, err)
		}
		toks, _ := us.Tokens(ctx, u.ID)
		if len(toks) != 1 || toks[0].LastUsedAt.IsZero() || toks[0].Name != "laptop" {
			t.Fatalf("tokens: %+v", toks)
		}
		other := newUser(t, us, "mallory")
		if err := us.DeleteToken(ctx, other.ID, tok.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("another user revoked a token: %v", err)
		}
		u.Disabled = true
		us.UpdateUser(ctx, u)
		if _, err := us.SessionUser(ctx, "h2"); err == nil {
			t.Fatal("a disabled user's session works")
		}
		if _, err := us.TokenUser(ctx, "th1"); err == nil {
			t.Fatal("a disabled user's token works")
		}
		if err := us.DeleteToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := us.TokenUser(ctx, "th1"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("revoked token works: %v", err)
		}
		us.DeleteSessions(ctx, u.ID)
		if _, err := us.SessionUser(ctx, "h2"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("session after DeleteSessions: %v", err)
		}
	})
}

func TestUpvotesToggleOnTopOfImportedCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		hf := paper("2401.00001", "A", "2024-01-02")
		hf.Upvotes = 10 // a Hugging Face import's count
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{hf}); err != nil {
			t.Fatal(err)
		}
		ada, alan := newUser(t, us, "ada"), newUser(t, us, "alan")
		vote := func(u *paperwire.User, up bool, want int) {
			t.Helper()
			f := ps.Upvote
			if !up {
				f = ps.RemoveUpvote
			}
			n, err := f(ctx, u.ID, "2401.00001")
			if err != nil || n != want {
				t.Fatalf("vote %s %v: %d, %v; want %d", u.Name, up, n, err, want)
			}
		}
		before, _ := ps.MaxSeq(ctx)
		vote(ada, true, 11)
		vote(ada, true, 11) // once per user
		vote(alan, true, 12)
		vote(alan, false, 11)
		vote(alan, false, 11)
		if after, _ := ps.MaxSeq(ctx); after <= before {
			t.Fatal("a vote did not move the change sequence")
		}
		// A newer import moves the baseline and keeps the local vote.
		hf2 := paper("2401.00001", "A", "2024-01-02")
		hf2.Upvotes = 20
		ps.UpsertPapers(ctx, []*paperwire.Paper{hf2})
		p, _ := ps.Paper(ctx, "2401.00001")
		if p.Upvotes != 21 || p.ImportedUpvotes != 20 {
			t.Fatalf("after re-import: %d shown, %d imported; want 21 and 20", p.Upvotes, p.ImportedUpvotes)
		}
		up, _ := ps.Upvoted(ctx, ada.ID, []string{"2401.00001", "2401.99999"})
		if !up["2401.00001"] || up["2401.99999"] {
			t.Fatalf("upvoted = %v", up)
		}
		if _, err := ps.Upvote(ctx, ada.ID, "2401.99999"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("vote on unknown paper: %v", err)
		}
		mine, total, err := ps.UserUpvotes(ctx, ada.ID, 0, 10)
		if err != nil || total != 1 || mine[0].ID != "2401.00001" {
			t.Fatalf("user upvotes: %v %d %v", mine, total, err)
		}
		// Deleting an account takes its votes back.
		if err := us.DeleteUser(ctx, ada.ID); err != nil {
			t.Fatal(err)
		}
		p, _ = ps.Paper(ctx, "2401.00001")
		if p.Upvotes != 20 {
			t.Fatalf("after deleting the voter: %d, want 20", p.Upvotes)
		}
		if _, err := us.User(ctx, ada.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("deleted user still there: %v", err)
		}
	})
}

// TestConcurrentUpvotesExact has many users vote on one paper at once.
func TestConcurrentUpvotesExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		ps.UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00001", "A", "2024-01-02")})
		const n = 60
		users := make([]*paperwire.User, n)
		for i := range users {
			users[i] = newUser(t, us, fmt.Sprintf("user%d", i))
		}
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Go(func() {
				for range 2 { // a double click counts once
					if _, err := ps.Upvote(ctx, u.ID, "2401.00001"); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		p, _ := ps.Paper(ctx, "2401.00001")
		if p.Upvotes != n {
			t.Fatalf("%d concurrent voters gave %d upvotes", n, p.Upvotes)
		}
	})
}

func TestSubmissionsPicksAndTrending(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2024, 1, 10, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		ps.UpsertPapers(ctx, []*paperwire.Paper{
			paper("2401.00001", "old, many votes", "2024-01-02"),
			paper("2401.00002", "new, some votes", "2024-01-09"),
			paper("2401.00003", "announced long ago, submitted today", "2023-06-01"),
			paper("2401.00004", "no votes", "2024-01-10"),
		})
		ada := newUser(t, us, "ada")
		if err := ps.Submit(ctx, paperwire.Submission{PaperID: "2401.00003", UserID: ada.ID, UserName: "ada", At: now}); err != nil {
			t.Fatal(err)
		}
		err := ps.Submit(ctx, paperwire.Submission{PaperID: "2401.00003", UserID: ada.ID, UserName: "ada", At: now})
		if paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("second submission: %v", err)
		}
		if err := ps.Submit(ctx, paperwire.Submission{PaperID: "2401.09999", UserID: ada.ID, At: now}); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("submitting an unknown paper: %v", err)
		}
		if n, _ := ps.SubmissionsSince(ctx, ada.ID, now.Add(-24*time.Hour)); n != 1 {
			t.Fatalf("submissions since yesterday = %d", n)
		}
		voters := make([]*paperwire.User, 12)
		for i := range voters {
			voters[i] = newUser(t, us, fmt.Sprintf("v%d", i))
		}
		for i, v := range voters {
			ps.Upvote(ctx, v.ID, "2401.00001") // 12 votes, 8 days old
			if i < 4 {
				ps.Upvote(ctx, v.ID, "2401.00002") // 4 votes, 1 day old
			}
			if i < 2 {
				ps.Upvote(ctx, v.ID, "2401.00003") // 2 votes, submitted today
			}
		}
		ids := func(f paperwire.PaperFilter) []string {
			t.Helper()
			got, _, err := ps.Papers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range got {
				out = append(out, p.ID)
			}
			return out
		}
		today := paperwire.Day(now)
		if got := ids(paperwire.PaperFilter{From: today.Start, To: today.End, Picks: true}); fmt.Sprint(got) != "[2401.00003]" {
			t.Fatalf("today's picks = %v", got)
		}
		if got := ids(paperwire.PaperFilter{Submitter: "ada"}); fmt.Sprint(got) != "[2401.00003]" {
			t.Fatalf("ada's submissions = %v", got)
		}
		if got := ids(paperwire.PaperFilter{Sort: paperwire.SortUpvotes, Limit: 2}); fmt.Sprint(got) != "[2401.00001 2401.00002]" {
			t.Fatalf("most upvoted = %v", got)
		}
		// 2/(12+2)^1.8 > 4/(36+2)^1.8 > 12/(204+2)^1.8; no votes, no place.
		if got := ids(paperwire.PaperFilter{Sort: paperwire.SortTrending}); fmt.Sprint(got) != "[2401.00003 2401.00002 2401.00001]" {
			t.Fatalf("trending = %v", got)
		}
		if err := ps.RemoveSubmission(ctx, "2401.00003"); err != nil {
			t.Fatal(err)
		}
		if got := ids(paperwire.PaperFilter{Picks: true}); len(got) != 0 {
			t.Fatalf("picks after removal = %v", got)
		}
		if err := ps.Submit(ctx, paperwire.Submission{PaperID: "2401.00003", UserID: ada.ID, UserName: "ada", At: now}); err != nil {
			t.Fatalf("resubmitting a removed paper: %v", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		us := store.NewUserStore(db)
		for _, a := range []string{"disable-user", "remove-submission"} {
			if err := us.Audit(ctx, paperwire.AuditEntry{ActorID: 1, Actor: "root", Action: a, Target: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		log, err := us.AuditLog(ctx, 10)
		if err != nil || len(log) != 2 || log[0].Action != "remove-submission" {
			t.Fatalf("log = %+v, %v", log, err)
		}
	})
}

// TestUpdateUserIsOptimistic: two updates from the same read cannot both
// land; the second is told to read again, and then lands on top.
func TestUpdateUserIsOptimistic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		us := store.NewUserStore(db)
		newUser(t, us, "ada")
		a, _ := us.UserByName(ctx, "ada")
		b, _ := us.UserByName(ctx, "ada")
		a.PasswordHash = "$argon2id$new"
		if err := us.UpdateUser(ctx, a); err != nil {
			t.Fatal(err)
		}
		b.Disabled = true
		if err := us.UpdateUser(ctx, b); !errors.Is(err, paperwire.ErrUserChanged) {
			t.Fatalf("a stale update: %v, want ErrUserChanged", err)
		}
		b, _ = us.UserByName(ctx, "ada")
		b.Disabled = true
		if err := us.UpdateUser(ctx, b); err != nil {
			t.Fatal(err)
		}
		got, _ := us.UserByName(ctx, "ada")
		if got.PasswordHash != "$argon2id$new" || !got.Disabled {
			t.Fatalf("one update lost: %+v", got)
		}
		if err := us.UpdateUser(ctx, &paperwire.User{ID: 999, Email: "x@example.org"}); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("updating a missing user: %v", err)
		}
	})
}

func TestLastAdminCannotBeDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		us := store.NewUserStore(db)
		root := newUser(t, us, "root")
		root.Admin = true
		if err := us.UpdateUser(ctx, root); err != nil {
			t.Fatal(err)
		}
		if err := us.DeleteUser(ctx, root.ID); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("deleting the only admin: %v, want a conflict", err)
		}
		// A disabled admin cannot step in: nobody could use the rights.
		other := newUser(t, us, "other")
		other.Admin, other.Disabled = true, true
		if err := us.UpdateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		if err := us.DeleteUser(ctx, root.ID); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("deleting the only enabled admin: %v, want a conflict", err)
		}
		other.Disabled = false
		if err := us.UpdateUser(ctx, other); err != nil {
			t.Fatal(err)
		}
		if err := us.DeleteUser(ctx, root.ID); err != nil {
			t.Fatalf("deleting an admin while another remains: %v", err)
		}
		if _, err := us.User(ctx, root.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("root is still there: %v", err)
		}
	})
}

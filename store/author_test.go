package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func authorPaper(id, listed string, authors ...string) *paperwire.Paper {
	p := paper(id, "Paper "+id, listed)
	p.Authors = authors
	return p
}

func authorIDs(t *testing.T, ps *store.PaperStore, name string, offset, limit int) ([]string, int) {
	t.Helper()
	papers, total, err := ps.AuthorPapers(context.Background(), name, offset, limit)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range papers {
		ids = append(ids, p.ID)
	}
	return ids, total
}

func TestAuthorPapersNormalizedNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps := store.NewPaperStore(db)
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{
			authorPaper("2501.00001", "2025-01-01", "Lukáš  Novák", "Ada Lovelace"),
			authorPaper("2501.00003", "2025-01-03", "LUKAS NOVAK"),
			authorPaper("2501.00002", "2025-01-02", "Bob", "Lukas Novak", "lukas novak"), // twice on one paper: listed once
			authorPaper("2501.00004", "2025-01-04", "Luke Novak"),
		}); err != nil {
			t.Fatal(err)
		}
		ids, total := authorIDs(t, ps, "lukas novak", 0, 0)
		if total != 3 || len(ids) != 3 || ids[0] != "2501.00003" || ids[1] != "2501.00002" || ids[2] != "2501.00001" {
			t.Fatalf("author papers = %v (total %d)", ids, total)
		}
		if ids, total := authorIDs(t, ps, "Lukáš Novák", 1, 1); total != 3 || len(ids) != 1 || ids[0] != "2501.00002" {
			t.Fatalf("second page = %v (total %d)", ids, total)
		}
		if ids, total := authorIDs(t, ps, "Nobody", 0, 10); total != 0 || len(ids) != 0 {
			t.Fatalf("unknown author = %v, %d", ids, total)
		}
		// A new version that drops an author and moves the day re-indexes the paper.
		moved := authorPaper("2501.00001", "2024-12-30", "Ada Lovelace")
		moved.Versions = []paperwire.PaperVersion{{Version: 2}}
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{moved}); err != nil {
			t.Fatal(err)
		}
		if p, _ := ps.Paper(ctx, "2501.00001"); len(p.Authors) != 1 || !p.ListedOn.Equal(day("2024-12-30")) {
			t.Fatalf("new version not stored: %+v", p)
		}
		if ids, total := authorIDs(t, ps, "lukas novak", 0, 0); total != 2 || len(ids) != 2 {
			t.Fatalf("after the author left: %v (%d)", ids, total)
		}
		if ids, _ := authorIDs(t, ps, "ada lovelace", 0, 0); len(ids) != 1 || ids[0] != "2501.00001" {
			t.Fatalf("ada's papers: %v", ids)
		}
		st, err := ps.AuthorStats(ctx, "ada lovelace")
		if err != nil || st.Papers != 1 {
			t.Fatalf("stats = %+v, %v", st, err)
		}
	})
}

func TestAuthorIndexBackfilledAtOpen(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			target := storetest.Target(t, kind)
			db := storetest.OpenTarget(t, kind, target)
			var many []*paperwire.Paper
			for i := range 2500 { // more than one backfill batch
				many = append(many, authorPaper(fmt.Sprintf("2501.%05d", i+1), "2025-01-02", "Grace Hopper"))
			}
			if _, err := store.NewPaperStore(db).UpsertPapers(ctx, many); err != nil {
				t.Fatal(err)
			}
			db.Close()
			// A database from before the index: papers, no rows, the migration's mark.
			raw := storetest.Raw(t, kind, target)
			if _, err := raw.Exec(`DELETE FROM paper_authors`); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec(`INSERT INTO checkpoints (key, value, updated_at) VALUES ('paper_authors:backfill', '', '')`); err != nil {
				t.Fatal(err)
			}
			db = storetest.OpenTarget(t, kind, target)
			defer db.Close()
			if _, total := authorIDs(t, store.NewPaperStore(db), "grace hopper", 0, 1); total != 2500 {
				t.Fatalf("backfilled %d papers, want 2500", total)
			}
			if v, _ := store.NewPaperStore(db).CheckpointKeys(ctx, "paper_authors:"); len(v) != 0 {
				t.Fatalf("backfill mark left: %v", v)
			}
		})
	}
}

func TestAuthorClaimsOnlyClaimantOrAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{authorPaper("2501.00001", "2025-01-01", "Ada Lovelace", "Alan Turing")}); err != nil {
			t.Fatal(err)
		}
		ada, eve, root := newUser(t, us, "ada"), newUser(t, us, "eve"), newUser(t, us, "root")
		root.Admin = true
		for _, pos := range []int{-1, 2} {
			if _, err := ps.ClaimAuthor(ctx, ada.ID, "2501.00001", pos); paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Fatalf("claim position %d: %v, want EINVALID", pos, err)
			}
		}
		if _, err := ps.ClaimAuthor(ctx, ada.ID, "2599.00001", 0); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("claim unknown paper: %v", err)
		}
		c, err := ps.ClaimAuthor(ctx, ada.ID, "2501.00001", 0)
		if err != nil || c.Status != paperwire.ClaimPending || c.Name != "Ada Lovelace" || c.UserName != "ada" {
			t.Fatalf("claim = %+v, %v", c, err)
		}
		if _, err := ps.ClaimAuthor(ctx, ada.ID, "2501.00001", 0); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("second claim: %v, want ECONFLICT", err)
		}
		rival, err := ps.ClaimAuthor(ctx, eve.ID, "2501.00001", 0)
		if err != nil {
			t.Fatal(err)
		}
		// Nobody but the claimant changes a claim's visibility or withdraws it (admins withdraw).
		if err := ps.SetClaimHidden(ctx, eve.ID, c.ID, true); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("eve hides ada's claim: %v", err)
		}
		if err := ps.WithdrawClaim(ctx, eve, c.ID); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("eve withdraws ada's claim: %v", err)
		}
		seq0, _ := ps.MaxSeq(ctx)
		if err := ps.DecideClaim(ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
		if seq, _ := ps.MaxSeq(ctx); seq <= seq0 {
			t.Fatal("verifying a claim did not move the change sequence")
		}
		if err := ps.DecideClaim(ctx, rival.ID, true); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("second verified claim on one author: %v, want ECONFLICT", err)
		}
		if err := ps.DecideClaim(ctx, rival.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.ClaimAuthor(ctx, root.ID, "2501.00001", 0); paperwire.ErrorCode(err) != paperwire.ECONFLICT {
			t.Fatalf("claim on a verified author: %v, want ECONFLICT", err)
		}
		claims, err := ps.PaperClaims(ctx, "2501.00001")
		if err != nil || len(claims) != 2 || claims[0].Status != paperwire.ClaimVerified || claims[1].Status != paperwire.ClaimRefused {
			t.Fatalf("paper claims = %+v, %v", claims, err)
		}
		st, err := ps.AuthorStats(ctx, "ADA LOVELACE")
		if err != nil || len(st.Users) != 1 || st.Users[0] != "ada" {
			t.Fatalf("author users = %+v, %v", st, err)
		}
		if err := ps.SetClaimHidden(ctx, ada.ID, c.ID, true); err != nil {
			t.Fatal(err)
		}
		mine, err := ps.UserClaims(ctx, ada.ID)
		if err != nil || len(mine) != 1 || !mine[0].Hidden || mine[0].PaperTitle == "" {
			t.Fatalf("user claims = %+v, %v", mine, err)
		}
		if pending, _ := ps.Claims(ctx, paperwire.ClaimPending, 10); len(pending) != 0 {
			t.Fatalf("pending left: %+v", pending)
		}
		if err := ps.WithdrawClaim(ctx, root, rival.ID); err != nil {
			t.Fatalf("admin withdraws: %v", err)
		}
		if err := ps.WithdrawClaim(ctx, ada, c.ID); err != nil {
			t.Fatalf("claimant withdraws: %v", err)
		}
		if all, _ := ps.Claims(ctx, "", 10); len(all) != 0 {
			t.Fatalf("claims left: %+v", all)
		}
	})
}

// TestAuthorIndexManyRowsInOneBatch: a batch with more author rows than one
// INSERT takes (full chunks on a statement prepared once, then the rest)
// indexes every paper under every author, on both stores.
func TestAuthorIndexManyRowsInOneBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps := store.NewPaperStore(db)
		var batch []*paperwire.Paper
		for i := range 90 { // 90 papers × 5 authors: 450 rows, two full chunks of 200 and 50 more
			batch = append(batch, authorPaper(fmt.Sprintf("2502.%05d", i+1), "2025-02-03",
				"Common Author", fmt.Sprintf("Author %d", i), "Second Author", "Third Author", fmt.Sprintf("Last %d", i)))
		}
		if _, err := ps.UpsertPapers(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if _, total := authorIDs(t, ps, "common author", 0, 5); total != 90 {
			t.Errorf("common author: %d papers, want 90", total)
		}
		for _, i := range []int{0, 39, 40, 79, 80, 89} { // first, around the chunk edges, last
			if ids, total := authorIDs(t, ps, fmt.Sprintf("last %d", i), 0, 5); total != 1 || ids[0] != batch[i].ID {
				t.Errorf("last %d: %v (%d)", i, ids, total)
			}
		}
	})
}

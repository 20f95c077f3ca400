package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// authorRowCount counts paper_authors rows, of one paper or (id "") all.
func authorRowCount(t *testing.T, raw *sql.DB, kind, id string) int {
	t.Helper()
	q, args := `SELECT count(*) FROM paper_authors`, []any{}
	if id != "" {
		q, args = `SELECT count(*) FROM paper_authors WHERE paper_id = $1`, []any{id}
		if kind == "sqlite" {
			q = `SELECT count(*) FROM paper_authors WHERE paper_id = ?`
		}
	}
	var n int
	if err := raw.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAuthorRowsFollowTheirPaper: the author index has no index by paper, so
// a paper's old rows are found by the keys its stored version gives. When
// its authors or day change (alone, more papers at once than one DELETE
// takes, or an id twice in a batch) no row of the old version is left.
func TestAuthorRowsFollowTheirPaper(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			target := storetest.Target(t, kind)
			db := storetest.OpenTarget(t, kind, target)
			defer db.Close()
			raw := storetest.Raw(t, kind, target)
			ps := store.NewPaperStore(db)
			var first []*paperwire.Paper
			for i := range 60 {
				first = append(first, authorPaper(fmt.Sprintf("2503.%05d", i+1), "2025-03-03", "Old Author", fmt.Sprintf("Kept %d", i)))
			}
			first = append(first, authorPaper("2503.09999", "2025-03-04", "Twice Author"))
			if _, err := ps.UpsertPapers(ctx, first); err != nil {
				t.Fatal(err)
			}
			if n := authorRowCount(t, raw, kind, ""); n != 121 {
				t.Fatalf("%d rows, want 121", n)
			}
			// Every paper loses "Old Author" and moves to February (an earlier
			// listing wins); the last one
			// comes twice, first changing only its comment, then its author.
			var second []*paperwire.Paper
			for i := range 60 {
				p := authorPaper(fmt.Sprintf("2503.%05d", i+1), "2025-02-27", fmt.Sprintf("Kept %d", i), "New Author")
				p.Versions = []paperwire.PaperVersion{{Version: 2}}
				second = append(second, p)
			}
			comment := authorPaper("2503.09999", "2025-03-04", "Twice Author")
			comment.Comment = "12 pages"
			renamed := authorPaper("2503.09999", "2025-03-04", "Renamed Author")
			renamed.Versions = []paperwire.PaperVersion{{Version: 2}}
			second = append(second, comment, renamed)
			if _, err := ps.UpsertPapers(ctx, second); err != nil {
				t.Fatal(err)
			}
			if p, err := ps.Paper(ctx, "2503.00001"); err != nil || p.ListedOn.Month() != 2 || len(p.Authors) != 2 || p.Authors[1] != "New Author" {
				t.Fatalf("update not stored: %+v %v", p, err)
			}
			if n := authorRowCount(t, raw, kind, ""); n != 121 {
				t.Errorf("%d rows after the update, want 121: old rows left", n)
			}
			if n := authorRowCount(t, raw, kind, "2503.09999"); n != 1 {
				t.Errorf("the paper written twice in a batch has %d rows, want 1", n)
			}
			for name, want := range map[string]int{"old author": 0, "new author": 60, "kept 7": 1, "twice author": 0, "renamed author": 1} {
				if _, total := authorIDs(t, ps, name, 0, 1); total != want {
					t.Errorf("%s: %d papers, want %d", name, total, want)
				}
			}
		})
	}
}

// TestAuthorIndexMigrationKeepsRows: migration 0011 moves the author index
// to its month-keyed table with every row, on both stores. The rows are
// written in the table's earlier form, and the migration run again.
func TestAuthorIndexMigrationKeepsRows(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			target := storetest.Target(t, kind)
			db := storetest.OpenTarget(t, kind, target)
			if _, err := store.NewPaperStore(db).UpsertPapers(ctx, []*paperwire.Paper{
				authorPaper("2501.00001", "2025-01-01", "Ada Lovelace", "Grace Hopper"),
				authorPaper("2502.00002", "2025-02-02", "Grace Hopper"),
			}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			raw := storetest.Raw(t, kind, target)
			text := "TEXT"
			if kind == "postgres" {
				text = `TEXT COLLATE "C"`
			}
			for _, q := range []string{
				`DROP TABLE paper_authors`,
				`CREATE TABLE paper_authors (paper_id ` + text + ` NOT NULL, name_key ` + text + ` NOT NULL, position INTEGER NOT NULL,
					listed_on ` + text + ` NOT NULL, month ` + text + ` NOT NULL, PRIMARY KEY (paper_id, name_key))`,
				`CREATE INDEX paper_authors_month_key ON paper_authors (month, name_key, listed_on, paper_id)`,
				`INSERT INTO paper_authors (paper_id, name_key, position, listed_on, month) VALUES
					('2501.00001', 'ada lovelace', 0, '2025-01-01', '2025-01'),
					('2501.00001', 'grace hopper', 1, '2025-01-01', '2025-01'),
					('2502.00002', 'grace hopper', 0, '2025-02-02', '2025-02')`,
				`DELETE FROM schema_migrations WHERE name LIKE '0011%'`,
			} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			db = storetest.OpenTarget(t, kind, target)
			defer db.Close()
			ps := store.NewPaperStore(db)
			if ids, total := authorIDs(t, ps, "grace hopper", 0, 5); total != 2 || ids[0] != "2502.00002" {
				t.Errorf("grace hopper after the migration: %v (%d)", ids, total)
			}
			if n := authorRowCount(t, raw, kind, ""); n != 3 {
				t.Errorf("%d rows after the migration, want 3", n)
			}
			// The migrated rows are found by their keys when the paper changes.
			moved := authorPaper("2501.00001", "2025-03-01", "Ada Lovelace")
			moved.Versions = []paperwire.PaperVersion{{Version: 2}}
			if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{moved}); err != nil {
				t.Fatal(err)
			}
			if n := authorRowCount(t, raw, kind, "2501.00001"); n != 1 {
				t.Errorf("the moved paper has %d rows, want 1", n)
			}
		})
	}
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// paper_authors indexes papers by normalized author name (see
// migrations/0006_discussion.sql). It is written here, in the transaction
// that writes the papers, so it never disagrees with them.

// authorRowsChunk is how many paper_authors rows one INSERT writes: five
// parameters each stays far under either dialect's limit.
const authorRowsChunk = 200

// backfillKey is the checkpoint the migration leaves while papers stored
// before it have no paper_authors rows yet.
const backfillKey = "paper_authors:backfill"

// keepCommentCount keeps the stored comment count in a merged paper: it
// counts this site's comments and only comment writes change it, whatever
// an import carries. It reports whether the merge still changed anything.
func keepCommentCount(old, merged *paperwire.Paper) bool {
	n := 0
	if old != nil {
		n = old.NumComments
	}
	if merged.NumComments == n {
		return true
	}
	merged.NumComments = n
	if old == nil {
		return true
	}
	_, changed := paperwire.MergePaper(old, merged)
	return changed
}

// authorsChanged says whether a write changes a paper's paper_authors rows.
func authorsChanged(old, merged *paperwire.Paper) bool {
	return old == nil || !slices.Equal(old.Authors, merged.Authors) || !old.ListedOn.Equal(merged.ListedOn)
}

// The columns of a row authorRows gives, in insertAuthorRowsSQL's order.
const (
	authorPaperID = iota
	authorNameKey
	authorPosition
	authorListedOn
	authorMonth
)

// authorRows returns one row per distinct author key of p, at the first
// position the key appears: (paper_id, name_key, position, listed_on, month).
func authorRows(p *paperwire.Paper) [][]any {
	seen := map[string]bool{}
	var rows [][]any
	day := p.ListedOn.UTC().Format(dayLayout)
	for i, name := range p.Authors {
		key := paperwire.AuthorKey(name)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		rows = append(rows, []any{p.ID, key, i, day, day[:7]})
	}
	return rows
}

// putAuthors writes the paper_authors rows of papers (the last of each id
// wins) inside tx, first removing the rows of stale: the stored versions of
// papers that had rows before, whose keys give those rows (the table has no
// index by paper; see migrations/0011). A new paper has none to remove.
func (db *DB) putAuthors(ctx context.Context, tx *sql.Tx, papers, stale []*paperwire.Paper) error {
	if len(papers) == 0 {
		return nil
	}
	last := make(map[string]*paperwire.Paper, len(papers))
	var ids []string
	for _, p := range papers {
		if _, ok := last[p.ID]; !ok {
			ids = append(ids, p.ID)
		}
		last[p.ID] = p
	}
	for start := 0; start < len(stale); start += staleChunk {
		if err := db.deleteAuthorRows(ctx, tx, stale[start:min(start+staleChunk, len(stale))]); err != nil {
			return fmt.Errorf("author index: %w", err)
		}
	}
	var rows [][]any
	for _, id := range ids {
		rows = append(rows, authorRows(last[id])...)
	}
	// In key order, each insert lands beside the one before it in the
	// B-tree instead of at a random leaf.
	slices.SortFunc(rows, func(a, b []any) int {
		for _, k := range [...]int{authorMonth, authorNameKey, authorListedOn, authorPaperID} {
			if c := strings.Compare(a[k].(string), b[k].(string)); c != 0 {
				return c
			}
		}
		return 0
	})
	if err := db.execChunked(ctx, tx, rows, authorRowsChunk, insertAuthorRowsSQL); err != nil {
		return fmt.Errorf("author index: %w", err)
	}
	return nil
}

// staleChunk is how many papers' rows one DELETE removes.
const staleChunk = 50

// deleteAuthorRows removes the rows that authorRows gives for papers, one
// primary-key range per paper (month, its name keys, day, id), in one
// statement: SQLite and PostgreSQL both look each group up in the key.
func (db *DB) deleteAuthorRows(ctx context.Context, tx *sql.Tx, papers []*paperwire.Paper) error {
	var where []string
	var args []any
	for _, p := range papers {
		rows := authorRows(p)
		if len(rows) == 0 {
			continue
		}
		where = append(where, `(month = ? AND listed_on = ? AND paper_id = ? AND name_key IN (?`+strings.Repeat(", ?", len(rows)-1)+`))`)
		args = append(args, rows[0][authorMonth], rows[0][authorListedOn], p.ID)
		for _, r := range rows {
			args = append(args, r[authorNameKey])
		}
	}
	if len(where) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, db.q(`DELETE FROM paper_authors WHERE `+strings.Join(where, " OR ")), args...)
	return err
}

// insertAuthorRowsSQL inserts n paper_authors rows.
func insertAuthorRowsSQL(n int) string {
	return `INSERT INTO paper_authors (paper_id, name_key, position, listed_on, month) VALUES (?, ?, ?, ?, ?)` +
		strings.Repeat(", (?, ?, ?, ?, ?)", n-1)
}

// backfillBatch is how many papers one backfill transaction indexes.
const backfillBatch = 2000

// BackfillAuthors fills paper_authors for papers stored before the index
// existed, in batches of their own transactions, and removes the
// migration's checkpoint when done; a crash resumes it at the next open.
// Rewriting a paper's rows is idempotent, so papers written meanwhile (which
// index themselves) come to no harm.
func (db *DB) BackfillAuthors(ctx context.Context) error {
	var pending int
	if err := db.write.QueryRowContext(ctx, db.q(`SELECT count(*) FROM checkpoints WHERE key = ?`), backfillKey).Scan(&pending); err != nil {
		return fmt.Errorf("author index backfill: %w", err)
	}
	if pending == 0 {
		return nil
	}
	after := ""
	for {
		done, next, err := db.backfillAuthorBatch(ctx, after)
		if err != nil {
			return fmt.Errorf("author index backfill: %w", err)
		}
		if done {
			break
		}
		after = next
	}
	_, err := db.write.ExecContext(ctx, db.q(`DELETE FROM checkpoints WHERE key = ?`), backfillKey)
	return err
}

// backfillAuthorBatch indexes the papers after id `after` (in id order), up
// to backfillBatch of them, and returns the last id it saw.
func (db *DB) backfillAuthorBatch(ctx context.Context, after string) (done bool, last string, err error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return false, "", err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, db.q(`SELECT id, authors, listed_on FROM papers WHERE id > ? ORDER BY id LIMIT ?`), after, backfillBatch)
	if err != nil {
		return false, "", err
	}
	var papers []*paperwire.Paper
	for rows.Next() {
		var p paperwire.Paper
		var authors, listed string
		if err := rows.Scan(&p.ID, &authors, &listed); err != nil {
			rows.Close()
			return false, "", err
		}
		if err := decodeList(authors, &p.Authors); err != nil {
			rows.Close()
			return false, "", fmt.Errorf("paper %s authors: %w", p.ID, err)
		}
		p.ListedOn = parseDay(listed)
		papers = append(papers, &p)
	}
	if err := rows.Close(); err != nil {
		return false, "", err
	}
	if len(papers) == 0 {
		return true, after, nil
	}
	// A paper written since the index existed has its rows already: the
	// same ones, removed and written again.
	if err := db.putAuthors(ctx, tx, papers, papers); err != nil {
		return false, "", err
	}
	return false, papers[len(papers)-1].ID, tx.Commit()
}

// parseDay reads a YYYY-MM-DD column; the zero time for anything else.
func parseDay(s string) time.Time {
	t, _ := time.Parse(dayLayout, s)
	return t
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// lookupChunk bounds the parameters of one IN query well under SQLite's
// limit (32766) while cutting per-statement overhead, which in database/sql
// costs more than the row itself. Dialect.InsertRows does the same for upserts.
const lookupChunk = 500

// paperColumnCount is the number of columns in paperColumns.
var paperColumnCount = strings.Count(paperColumns, ",") + 1

// storedPapers reads the stored rows for the batch's ids with one IN query
// per chunk instead of one query per paper.
// A dialect with array parameters reads the whole batch in one query.
func (db *DB) storedPapers(ctx context.Context, tx *sql.Tx, papers []*paperwire.Paper) (map[string]*paperwire.Paper, error) {
	stored := make(map[string]*paperwire.Paper, len(papers))
	chunkSize := lookupChunk
	if db.dialect.Arrays {
		chunkSize = len(papers)
	}
	for start := 0; start < len(papers); start += chunkSize {
		chunk := papers[start:min(start+chunkSize, len(papers))]
		args := make([]any, len(chunk))
		for i, p := range chunk {
			args[i] = p.ID
		}
		q := `SELECT ` + paperColumns + ` FROM papers WHERE id IN (?` + strings.Repeat(", ?", len(chunk)-1) + `)`
		if db.dialect.Arrays {
			ids := make([]string, len(chunk))
			for i, p := range chunk {
				ids[i] = p.ID
			}
			q, args = `SELECT `+paperColumns+` FROM papers WHERE id = ANY(?)`, []any{ids}
		}
		rows, err := tx.QueryContext(ctx, db.q(q), args...)
		if err != nil {
			return nil, fmt.Errorf("read stored papers: %w", err)
		}
		for rows.Next() {
			p, err := scanPaper(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			stored[p.ID] = p
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// putRows writes rows (paperArgs values) with multi-row upserts. ON CONFLICT
// DO UPDATE changes a row in place, where INSERT OR REPLACE deletes and
// re-inserts it, touching every index twice.
func (db *DB) putRows(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	if db.dialect.Arrays {
		return db.putColumns(ctx, tx, rows)
	}
	if err := db.execChunked(ctx, tx, rows, db.dialect.InsertRows, upsertRowsSQL); err != nil {
		return fmt.Errorf("write papers: %w", err)
	}
	return nil
}

// execChunked runs the multi-row statement sqlOf(n) over rows, size rows at a
// time, each row's values in turn as its parameters. The statement of a full
// chunk is prepared once per call: an import's batch runs several, and
// parsing a statement of a thousand parameters each time was a tenth of the
// database writes' CPU.
func (db *DB) execChunked(ctx context.Context, tx *sql.Tx, rows [][]any, size int, sqlOf func(n int) string) error {
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	var args []any
	for start := 0; start < len(rows); start += size {
		chunk := rows[start:min(start+size, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r...)
		}
		var err error
		if len(chunk) == size {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, db.q(sqlOf(size))); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, db.q(sqlOf(len(chunk))), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// upsertRowsSQL is an upsert of n rows.
func upsertRowsSQL(n int) string {
	row := "(?" + strings.Repeat(", ?", paperColumnCount-1) + ")"
	return `INSERT INTO papers (` + paperColumns + `) VALUES ` + row + strings.Repeat(", "+row, n-1) + upsertSet
}

// upsertSet makes an insert of papers rows update the stored row of the same id.
var upsertSet = func() string {
	var set []string
	for _, c := range strings.Split(paperColumns, ",") {
		if c = strings.TrimSpace(c); c != "id" {
			set = append(set, c+" = excluded."+c)
		}
	}
	return ` ON CONFLICT (id) DO UPDATE SET ` + strings.Join(set, ", ")
}()

// putColumns writes rows with one upsert that takes each column as one
// array parameter (unnest): a batch costs one statement and 28 parameters
// whatever its size, where one parameter per value cost PostgreSQL most of
// an import's time in binding and planning.
func (db *DB) putColumns(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	cols := make([]any, paperColumnCount)
	casts := make([]string, paperColumnCount)
	for c := range paperColumnCount {
		switch rows[0][c].(type) {
		case string:
			vals := make([]string, len(rows))
			for r, row := range rows {
				vals[r] = row[c].(string)
			}
			cols[c], casts[c] = vals, "?::text[]"
		default: // int or int64
			vals := make([]int64, len(rows))
			for r, row := range rows {
				vals[r] = toInt64(row[c])
			}
			cols[c], casts[c] = vals, "?::bigint[]"
		}
	}
	q := `INSERT INTO papers (` + paperColumns + `) SELECT * FROM unnest(` + strings.Join(casts, ", ") + `)` + upsertSet
	if _, err := tx.ExecContext(ctx, db.q(q), cols...); err != nil {
		return fmt.Errorf("write papers: %w", err)
	}
	return nil
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	panic(fmt.Sprintf("store: column value %T is neither text nor integer", v))
}

// UpsertPapers writes a batch in one transaction; see UpsertPapersAt.
func (s *PaperStore) UpsertPapers(ctx context.Context, papers []*paperwire.Paper) (paperwire.UpsertResult, error) {
	return s.UpsertPapersAt(ctx, papers)
}

// UpsertPapersAt merges each paper with the stored row of the same id
// (paperwire.MergePaper), writes the rows that changed with new change
// sequence numbers, and stores the checkpoints, all in one transaction.
// Unchanged papers keep their seq, so re-running an import writes nothing.
// A paper with no id or no title fails the whole batch with EINVALID:
// importers skip such records before they get here.
func (s *PaperStore) UpsertPapersAt(ctx context.Context, papers []*paperwire.Paper, cps ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	var res paperwire.UpsertResult
	for _, p := range papers {
		if p.ID == "" {
			return res, paperwire.Errorf(paperwire.EINVALID, "A paper without an id cannot be stored.")
		}
		if p.Title == "" {
			return res, paperwire.Errorf(paperwire.EINVALID, "Paper %s has no title.", p.ID)
		}
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return res, fmt.Errorf("upsert: %w", err)
	}
	defer tx.Rollback()

	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM papers`).Scan(&seq); err != nil {
		return res, fmt.Errorf("max seq: %w", err)
	}
	stored, err := s.db.storedPapers(ctx, tx, papers)
	if err != nil {
		return res, err
	}
	now := s.db.Now()
	rows := make([][]any, 0, len(papers))
	rowOf := make(map[string]int, len(papers)) // an id's row in rows: one row per id per statement
	var withOrg []*paperwire.Paper             // changed papers that name an organization
	var reindex []*paperwire.Paper             // papers whose paper_authors rows are rewritten
	var stale []*paperwire.Paper               // the stored versions of those that had rows before
	staleSeen := map[string]bool{}
	for _, in := range papers {
		old := stored[in.ID]
		merged, changed := paperwire.MergePaper(old, in)
		if changed {
			changed = keepCommentCount(old, merged)
		}
		if !changed {
			res.Unchanged++
			continue
		}
		if merged.ListedOn.IsZero() {
			merged.ListedOn = defaultListing(merged, now)
		}
		if i, ok := rowOf[in.ID]; ok {
			// A repeated id in one batch merged with its earlier row: rewrite that row.
			rows[i] = paperArgs(merged, merged.Seq)
		} else {
			seq++
			merged.Seq = seq
			rowOf[in.ID] = len(rows)
			rows = append(rows, paperArgs(merged, seq))
		}
		stored[in.ID] = merged
		if merged.Organization != nil {
			withOrg = append(withOrg, merged)
		}
		if authorsChanged(old, merged) {
			reindex = append(reindex, merged)
			if old != nil && !staleSeen[in.ID] {
				// The first time in the batch: old is the stored version
				// (or, after a change that kept its authors and day, one
				// with the same rows).
				staleSeen[in.ID] = true
				stale = append(stale, old)
			}
		}
		if old == nil {
			res.New++
		} else {
			res.Updated++
		}
	}
	if err := s.db.putRows(ctx, tx, rows); err != nil {
		return res, err
	}
	if err := s.db.ensureOrgs(ctx, tx, withOrg, now); err != nil {
		return res, err
	}
	if err := s.db.putAuthors(ctx, tx, reindex, stale); err != nil {
		return res, err
	}
	if err := s.db.putCheckpoints(ctx, tx, now, cps); err != nil {
		return res, err
	}
	if len(rows) > 0 {
		if err := s.db.notify(ctx, tx, seq); err != nil {
			return res, err
		}
	}
	if err := tx.Commit(); err != nil {
		return paperwire.UpsertResult{}, fmt.Errorf("commit upsert: %w", err)
	}
	return res, nil
}

// defaultListing is the listing day for a paper no source gave one: the day
// its first version appeared, or today.
func defaultListing(p *paperwire.Paper, now time.Time) time.Time {
	if !p.Submitted.IsZero() {
		return paperwire.Day(p.Submitted).Start
	}
	return paperwire.Day(now.UTC()).Start
}

func (db *DB) putCheckpoints(ctx context.Context, tx *sql.Tx, now time.Time, cps []paperwire.Checkpoint) error {
	for _, cp := range cps {
		if cp.Key == "" {
			return paperwire.Errorf(paperwire.EINVALID, "A checkpoint needs a key.")
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO checkpoints (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
			cp.Key, cp.Value, now.UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("checkpoint %s: %w", cp.Key, err)
		}
	}
	return nil
}

// Checkpoint returns the value stored under key, or "".
func (s *PaperStore) Checkpoint(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT value FROM checkpoints WHERE key = ?`), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("checkpoint %s: %w", key, err)
	}
	return v, nil
}

// SetCheckpoint stores one checkpoint in its own transaction.
func (s *PaperStore) SetCheckpoint(ctx context.Context, cp paperwire.Checkpoint) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.db.putCheckpoints(ctx, tx, s.db.Now(), []paperwire.Checkpoint{cp}); err != nil {
		return err
	}
	return tx.Commit()
}

// CheckpointKeys lists the checkpoint keys that start with prefix, sorted
// bytewise (in Go: a PostgreSQL database's collation may order text otherwise).
func (s *PaperStore) CheckpointKeys(ctx context.Context, prefix string) ([]string, error) {
	keys, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT key FROM checkpoints WHERE substr(key, 1, ?) = ?`), utf8.RuneCountInString(prefix), prefix)
	if err != nil {
		return nil, fmt.Errorf("checkpoint keys: %w", err)
	}
	sort.Strings(keys)
	return keys, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

var upsertSQL = `INSERT OR REPLACE INTO papers (` + paperColumns + `) VALUES (?` + strings.Repeat(", ?", 27) + `)`

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
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("begin upsert: %w", err)
	}
	defer tx.Rollback()

	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM papers`).Scan(&seq); err != nil {
		return res, fmt.Errorf("max seq: %w", err)
	}
	get, err := tx.PrepareContext(ctx, `SELECT `+paperColumns+` FROM papers WHERE id = ?`)
	if err != nil {
		return res, err
	}
	defer get.Close()
	put, err := tx.PrepareContext(ctx, upsertSQL)
	if err != nil {
		return res, err
	}
	defer put.Close()

	now := s.db.Now()
	for _, in := range papers {
		old, err := scanPaper(get.QueryRowContext(ctx, in.ID))
		if errors.Is(err, sql.ErrNoRows) {
			old = nil
		} else if err != nil {
			return res, fmt.Errorf("read %s: %w", in.ID, err)
		}
		merged, changed := paperwire.MergePaper(old, in)
		if !changed {
			res.Unchanged++
			continue
		}
		if merged.ListedOn.IsZero() {
			merged.ListedOn = defaultListing(merged, now)
		}
		seq++
		if _, err := put.ExecContext(ctx, paperArgs(merged, seq)...); err != nil {
			return res, fmt.Errorf("write %s: %w", in.ID, err)
		}
		if old == nil {
			res.New++
		} else {
			res.Updated++
		}
	}
	if err := putCheckpoints(ctx, tx, now, cps); err != nil {
		return res, err
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

func putCheckpoints(ctx context.Context, tx *sql.Tx, now time.Time, cps []paperwire.Checkpoint) error {
	for _, cp := range cps {
		if cp.Key == "" {
			return paperwire.Errorf(paperwire.EINVALID, "A checkpoint needs a key.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO checkpoints (key, value, updated_at) VALUES (?, ?, ?)`,
			cp.Key, cp.Value, now.UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("checkpoint %s: %w", cp.Key, err)
		}
	}
	return nil
}

// Checkpoint returns the value stored under key, or "".
func (s *PaperStore) Checkpoint(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.read.QueryRowContext(ctx, `SELECT value FROM checkpoints WHERE key = ?`, key).Scan(&v)
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
	tx, err := s.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := putCheckpoints(ctx, tx, s.db.Now(), []paperwire.Checkpoint{cp}); err != nil {
		return err
	}
	return tx.Commit()
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

var (
	_ paperwire.VoteService       = (*PaperStore)(nil)
	_ paperwire.SubmissionService = (*PaperStore)(nil)
)

// Upvote records userID's upvote on paperID and returns the paper's count.
// The vote row and the paper's count change in one transaction under the
// write lock, so counts stay exact however many votes arrive at once; the
// paper gets a new change sequence number, so every instance's pages and
// search see the new count.
func (s *PaperStore) Upvote(ctx context.Context, userID int64, paperID string) (int, error) {
	return s.vote(ctx, userID, paperID, true)
}

// RemoveUpvote takes userID's upvote on paperID back.
func (s *PaperStore) RemoveUpvote(ctx context.Context, userID int64, paperID string) (int, error) {
	return s.vote(ctx, userID, paperID, false)
}

func (s *PaperStore) vote(ctx context.Context, userID int64, paperID string, up bool) (int, error) {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var count int
	err = tx.QueryRowContext(ctx, s.db.q(`SELECT upvotes FROM papers WHERE id = ?`), paperID).Scan(&count)
	if isNoRows(err) {
		return 0, paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", paperID)
	} else if err != nil {
		return 0, fmt.Errorf("upvote %s: %w", paperID, err)
	}
	var res sql.Result
	delta := 1
	if up {
		res, err = tx.ExecContext(ctx, s.db.q(`INSERT INTO upvotes (user_id, paper_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_id, paper_id) DO NOTHING`), userID, paperID, s.db.Now().UnixMilli())
	} else {
		delta = -1
		res, err = tx.ExecContext(ctx, s.db.q(`DELETE FROM upvotes WHERE user_id = ? AND paper_id = ?`), userID, paperID)
	}
	if err != nil {
		return 0, fmt.Errorf("upvote %s: %w", paperID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return count, nil // already so: nothing to change
	}
	seq, err := s.db.nextSeq(ctx, tx)
	if err != nil {
		return 0, err
	}
	seq++
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET upvotes = upvotes + ?, seq = ? WHERE id = ?`), delta, seq, paperID); err != nil {
		return 0, fmt.Errorf("upvote %s: %w", paperID, err)
	}
	if err := s.db.notify(ctx, tx, seq); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("upvote %s: %w", paperID, err)
	}
	return count + delta, nil
}

// Upvoted says which of ids userID has upvoted.
func (s *PaperStore) Upvoted(ctx context.Context, userID int64, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	if len(ids) == 0 || userID == 0 {
		return out, nil
	}
	args := []any{userID}
	for _, id := range ids {
		args = append(args, id)
	}
	got, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT paper_id FROM upvotes WHERE user_id = ? AND paper_id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("upvoted: %w", err)
	}
	for _, id := range got {
		out[id] = true
	}
	return out, nil
}

// UserUpvotes returns one page of the papers userID upvoted, newest vote first.
func (s *PaperStore) UserUpvotes(ctx context.Context, userID int64, offset, limit int) ([]*paperwire.Paper, int, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM upvotes WHERE user_id = ?`), userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count upvotes: %w", err)
	}
	ids, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT paper_id FROM upvotes WHERE user_id = ? ORDER BY created_at DESC, paper_id LIMIT ? OFFSET ?`),
		userID, min(limit, MaxLimit), max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("user upvotes: %w", err)
	}
	papers, err := s.PapersByID(ctx, ids)
	return papers, total, err
}

// Submit puts a stored paper on the community's list of the day of s.At,
// naming its submitter; ECONFLICT if it was submitted before.
func (s *PaperStore) Submit(ctx context.Context, sub paperwire.Submission) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var picked, by string
	err = tx.QueryRowContext(ctx, s.db.q(`SELECT submitted_on, submitted_by FROM papers WHERE id = ?`), sub.PaperID).Scan(&picked, &by)
	if isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", sub.PaperID)
	} else if err != nil {
		return fmt.Errorf("submit %s: %w", sub.PaperID, err)
	}
	if picked != "" {
		return submittedError(sub.PaperID, picked, by)
	}
	_, err = tx.ExecContext(ctx, s.db.q(`INSERT INTO submissions (paper_id, user_id, submitted_at) VALUES (?, ?, ?)`),
		sub.PaperID, sub.UserID, sub.At.UnixMilli())
	if s.db.isUnique(err) {
		return submittedError(sub.PaperID, "", "")
	} else if err != nil {
		return fmt.Errorf("submit %s: %w", sub.PaperID, err)
	}
	seq, err := s.db.nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	seq++
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET submitted_on = ?, submitted_by = ?, seq = ? WHERE id = ?`),
		sub.At.UTC().Format(dayLayout), sub.UserName, seq, sub.PaperID); err != nil {
		return fmt.Errorf("submit %s: %w", sub.PaperID, err)
	}
	if err := s.db.notify(ctx, tx, seq); err != nil {
		return err
	}
	return tx.Commit()
}

func submittedError(id, day, by string) error {
	if day == "" {
		return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s was already submitted.", id)
	}
	if by == "" {
		return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s is already on the list of %s.", id, day)
	}
	return paperwire.Errorf(paperwire.ECONFLICT, "Paper %s is already on the list of %s, submitted by %s.", id, day, by)
}

// SubmissionsSince counts userID's submissions at or after since.
func (s *PaperStore) SubmissionsSince(ctx context.Context, userID int64, since time.Time) (int, error) {
	var n int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM submissions WHERE user_id = ? AND submitted_at >= ?`),
		userID, since.UnixMilli()).Scan(&n); err != nil {
		return 0, fmt.Errorf("count submissions: %w", err)
	}
	return n, nil
}

// RemoveSubmission takes a paper off the community's list; its votes stay.
func (s *PaperStore) RemoveSubmission(ctx context.Context, paperID string) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	seq, err := s.db.nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	seq++
	res, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET submitted_on = '', submitted_by = '', seq = ? WHERE id = ? AND submitted_on <> ''`), seq, paperID)
	if err != nil {
		return fmt.Errorf("remove submission %s: %w", paperID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s is on no day's list.", paperID)
	}
	if _, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM submissions WHERE paper_id = ?`), paperID); err != nil {
		return fmt.Errorf("remove submission %s: %w", paperID, err)
	}
	if err := s.db.notify(ctx, tx, seq); err != nil {
		return err
	}
	return tx.Commit()
}

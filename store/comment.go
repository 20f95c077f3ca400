package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.CommentService = (*PaperStore)(nil)

const commentColumns = `c.id, c.paper_id, coalesce(c.user_id, 0), coalesce(u.name, ''), coalesce(c.parent_id, 0), c.body, c.html,
	c.created_at, c.edited_at, c.hidden, c.deleted`

const commentFrom = ` FROM comments c LEFT JOIN users u ON u.id = c.user_id`

func scanComment(r rowScanner) (*paperwire.Comment, error) {
	var c paperwire.Comment
	var created, edited int64
	var hidden, deleted int
	if err := r.Scan(&c.ID, &c.PaperID, &c.UserID, &c.UserName, &c.ParentID, &c.Text, &c.HTML, &created, &edited, &hidden, &deleted); err != nil {
		return nil, err
	}
	c.CreatedAt = time.UnixMilli(created).UTC()
	if edited != 0 {
		c.EditedAt = time.UnixMilli(edited).UTC()
	}
	c.Hidden, c.Deleted = hidden != 0, deleted != 0
	return &c, nil
}

// AddComment stores a comment and recounts the paper's comments in the
// same transaction.
func (s *PaperStore) AddComment(ctx context.Context, c *paperwire.Comment) error {
	text, err := paperwire.NormalizeCommentText(c.Text)
	if err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var banned int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM comment_bans WHERE user_id = ?`), c.UserID).Scan(&banned); err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	if banned > 0 {
		return paperwire.Errorf(paperwire.EFORBIDDEN, "You may not comment: an admin stopped your account from commenting.")
	}
	var one int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM papers WHERE id = ?`), c.PaperID).Scan(&one); isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", c.PaperID)
	} else if err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	var parent any // NULL for a top-level comment
	if c.ParentID != 0 {
		var paperID string
		var grand sql.NullInt64
		err := tx.QueryRowContext(ctx, s.db.q(`SELECT paper_id, parent_id FROM comments WHERE id = ?`), c.ParentID).Scan(&paperID, &grand)
		if isNoRows(err) || (err == nil && paperID != c.PaperID) {
			return paperwire.Errorf(paperwire.ENOTFOUND, "The comment to reply to is not in this discussion.")
		} else if err != nil {
			return fmt.Errorf("add comment: %w", err)
		}
		if grand.Valid {
			c.ParentID = grand.Int64 // replies have one level: answer the thread
		}
		parent = c.ParentID
	}
	now := s.db.Now().UTC().Truncate(time.Millisecond)
	if err := tx.QueryRowContext(ctx, s.db.q(`INSERT INTO comments (paper_id, user_id, parent_id, body, html, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), c.PaperID, c.UserID, parent, text, c.HTML, now.UnixMilli()).Scan(&c.ID); err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	if err := s.db.recountComments(ctx, tx, c.PaperID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	c.Text, c.CreatedAt, c.EditedAt, c.Hidden, c.Deleted = text, now, time.Time{}, false, false
	return nil
}

// recountComments sets the paper's num_comments to its visible comments and
// gives it a new change sequence number, so lists, the API and every
// instance's caches see the new count.
func (db *DB) recountComments(ctx context.Context, tx *sql.Tx, paperID string) error {
	seq, err := db.nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	seq++
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE papers SET seq = ?,
		num_comments = (SELECT count(*) FROM comments WHERE paper_id = ? AND hidden = 0 AND deleted = 0) WHERE id = ?`),
		seq, paperID, paperID); err != nil {
		return fmt.Errorf("count comments of %s: %w", paperID, err)
	}
	return db.notify(ctx, tx, seq)
}

// Comment returns one comment.
func (s *PaperStore) Comment(ctx context.Context, id int64) (*paperwire.Comment, error) {
	c, err := scanComment(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+commentColumns+commentFrom+` WHERE c.id = ?`), id))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such comment.")
	} else if err != nil {
		return nil, fmt.Errorf("comment %d: %w", id, err)
	}
	return c, nil
}

// Comments returns a paper's discussion in reading order: each top-level
// comment (newest or oldest first) followed by its replies, oldest first.
// One query reads it all; the threads are put together here.
func (s *PaperStore) Comments(ctx context.Context, paperID string, oldestFirst bool) ([]*paperwire.Comment, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+commentColumns+commentFrom+` WHERE c.paper_id = ? ORDER BY c.created_at, c.id`), paperID)
	if err != nil {
		return nil, fmt.Errorf("comments of %s: %w", paperID, err)
	}
	defer rows.Close()
	var top []*paperwire.Comment
	replies := map[int64][]*paperwire.Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		if c.ParentID == 0 {
			top = append(top, c)
		} else {
			replies[c.ParentID] = append(replies[c.ParentID], c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*paperwire.Comment, 0, len(top))
	for i := range top {
		t := top[i]
		if !oldestFirst {
			t = top[len(top)-1-i]
		}
		out = append(out, t)
		out = append(out, replies[t.ID]...)
	}
	return out, nil
}

// EditComment replaces the text of the user's own comment.
func (s *PaperStore) EditComment(ctx context.Context, userID, id int64, text, html string) (*paperwire.Comment, error) {
	text, err := paperwire.NormalizeCommentText(text)
	if err != nil {
		return nil, err
	}
	c, err := s.Comment(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Deleted {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "That comment was deleted.")
	}
	if c.UserID == 0 || c.UserID != userID {
		return nil, paperwire.Errorf(paperwire.EFORBIDDEN, "Only its author may edit a comment.")
	}
	if banned, err := s.CommentBanned(ctx, userID); err != nil {
		return nil, err
	} else if banned {
		return nil, paperwire.Errorf(paperwire.EFORBIDDEN, "You may not edit comments: an admin stopped your account from commenting.")
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := s.db.Now().UTC().Truncate(time.Millisecond)
	res, err := tx.ExecContext(ctx, s.db.q(`UPDATE comments SET body = ?, html = ?, edited_at = ? WHERE id = ? AND user_id = ? AND deleted = 0`),
		text, html, now.UnixMilli(), id, userID)
	if err != nil {
		return nil, fmt.Errorf("edit comment %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "That comment was deleted.")
	}
	if err := s.db.touchPaper(ctx, tx, c.PaperID); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("edit comment %d: %w", id, err)
	}
	c.Text, c.HTML, c.EditedAt = text, html, now
	return c, nil
}

// DeleteComment deletes a comment for its author or an admin. The row
// stays, without its text, so that its replies keep their thread.
func (s *PaperStore) DeleteComment(ctx context.Context, actor *paperwire.User, id int64) error {
	c, err := s.Comment(ctx, id)
	if err != nil {
		return err
	}
	if c.Deleted {
		return paperwire.Errorf(paperwire.ENOTFOUND, "That comment was deleted already.")
	}
	if actor == nil || (!actor.Admin && (c.UserID == 0 || c.UserID != actor.ID)) {
		return paperwire.Errorf(paperwire.EFORBIDDEN, "Only its author or an admin may delete a comment.")
	}
	return s.changeComment(ctx, c.PaperID, `UPDATE comments SET deleted = 1, body = '', html = '' WHERE id = ?`, id)
}

// HideComment hides or shows a comment (an admin's call, checked by callers).
func (s *PaperStore) HideComment(ctx context.Context, id int64, hidden bool) error {
	c, err := s.Comment(ctx, id)
	if err != nil {
		return err
	}
	return s.changeComment(ctx, c.PaperID, `UPDATE comments SET hidden = ? WHERE id = ?`, boolInt(hidden), id)
}

// changeComment runs one UPDATE of a comment and recounts its paper.
func (s *PaperStore) changeComment(ctx context.Context, paperID, query string, args ...any) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, s.db.q(query), args...); err != nil {
		return fmt.Errorf("change comment: %w", err)
	}
	if err := s.db.recountComments(ctx, tx, paperID); err != nil {
		return err
	}
	return tx.Commit()
}

// BanCommenter stops or allows again a user's commenting.
func (s *PaperStore) BanCommenter(ctx context.Context, userID, by int64, banned bool) error {
	var one int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT 1 FROM users WHERE id = ?`), userID).Scan(&one); isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such user.")
	} else if err != nil {
		return fmt.Errorf("ban: %w", err)
	}
	var err error
	if banned {
		_, err = s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO comment_bans (user_id, banned_at, banned_by) VALUES (?, ?, ?)
			ON CONFLICT (user_id) DO NOTHING`), userID, s.db.Now().UnixMilli(), by)
	} else {
		_, err = s.db.write.ExecContext(ctx, s.db.q(`DELETE FROM comment_bans WHERE user_id = ?`), userID)
	}
	if err != nil {
		return fmt.Errorf("ban: %w", err)
	}
	return nil
}

// CommentBanned says whether userID is banned from commenting.
func (s *PaperStore) CommentBanned(ctx context.Context, userID int64) (bool, error) {
	var n int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM comment_bans WHERE user_id = ?`), userID).Scan(&n); err != nil {
		return false, fmt.Errorf("ban: %w", err)
	}
	return n > 0, nil
}

// BannedCommenters lists the users banned from commenting, newest ban first.
func (s *PaperStore) BannedCommenters(ctx context.Context, limit int) ([]*paperwire.User, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT u.id, u.name FROM comment_bans b JOIN users u ON u.id = b.user_id
		ORDER BY b.banned_at DESC, u.id LIMIT ?`), max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("banned commenters: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.User
	for rows.Next() {
		var u paperwire.User
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, &u)
	}
	return out, rows.Err()
}

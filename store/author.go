package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.AuthorService = (*PaperStore)(nil)

// AuthorPapers returns one page of name's papers, newest listing first,
// read from the paper_authors index (two index range scans and one lookup
// of the page's papers, however many papers the author has).
func (s *PaperStore) AuthorPapers(ctx context.Context, name string, offset, limit int) ([]*paperwire.Paper, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, paperwire.Errorf(paperwire.EINVALID, "Offset and limit must not be negative.")
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	where, args, err := s.authorWhere(ctx, name)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM paper_authors a WHERE `+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("author papers: %w", err)
	}
	if offset >= total {
		return []*paperwire.Paper{}, total, nil
	}
	ids, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT paper_id FROM paper_authors a WHERE `+where+`
		ORDER BY listed_on DESC, paper_id DESC LIMIT ? OFFSET ?`), append(args, min(limit, MaxLimit), offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("author papers: %w", err)
	}
	papers, err := s.PapersByID(ctx, ids)
	return papers, total, err
}

// AuthorStats counts name's papers and their upvotes, and lists the users
// whose claim on one of them is verified.
func (s *PaperStore) AuthorStats(ctx context.Context, name string) (paperwire.AuthorStats, error) {
	var st paperwire.AuthorStats
	where, args, err := s.authorWhere(ctx, name)
	if err != nil {
		return st, err
	}
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*), coalesce(sum(p.upvotes), 0)
		FROM paper_authors a JOIN papers p ON p.id = a.paper_id WHERE `+where), args...).Scan(&st.Papers, &st.Upvotes); err != nil {
		return st, fmt.Errorf("author stats: %w", err)
	}
	users, err := queryStrings(ctx, s.db.read, s.db.q(`SELECT DISTINCT u.name FROM paper_authors a
		JOIN author_claims c ON c.paper_id = a.paper_id AND c.position = a.position AND c.status = 'verified'
		JOIN users u ON u.id = c.user_id
		WHERE `+where+` ORDER BY u.name`), args...)
	if err != nil {
		return st, fmt.Errorf("author users: %w", err)
	}
	st.Users = users
	return st, nil
}

// authorWhere selects name's rows of paper_authors (as "a"): one range of
// the month-led index per month that has papers (Days, which is cached).
func (s *PaperStore) authorWhere(ctx context.Context, name string) (string, []any, error) {
	days, err := s.Days(ctx)
	if err != nil {
		return "", nil, err
	}
	args := []any{paperwire.AuthorKey(name)}
	seen := map[string]bool{}
	for _, d := range days {
		if m := d.Day.Format("2006-01"); !seen[m] {
			seen[m] = true
			args = append(args, m)
		}
	}
	if len(args) == 1 {
		return "1 = 0", nil, nil
	}
	return `a.name_key = ? AND a.month IN (?` + strings.Repeat(", ?", len(args)-2) + `)`, args, nil
}

const claimColumns = `c.id, c.paper_id, p.title, c.position, c.name, c.user_id, u.name, c.status, c.hidden, c.created_at, c.decided_at`

const claimFrom = ` FROM author_claims c JOIN papers p ON p.id = c.paper_id JOIN users u ON u.id = c.user_id`

func scanClaim(r rowScanner) (*paperwire.AuthorClaim, error) {
	var c paperwire.AuthorClaim
	var hidden int
	var created, decided int64
	if err := r.Scan(&c.ID, &c.PaperID, &c.PaperTitle, &c.Position, &c.Name, &c.UserID, &c.UserName, &c.Status, &hidden, &created, &decided); err != nil {
		return nil, err
	}
	c.Hidden = hidden != 0
	c.CreatedAt = time.UnixMilli(created).UTC()
	if decided != 0 {
		c.DecidedAt = time.UnixMilli(decided).UTC()
	}
	return &c, nil
}

func (s *PaperStore) queryClaims(ctx context.Context, where string, args ...any) ([]*paperwire.AuthorClaim, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+claimColumns+claimFrom+` `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return scanRows(rows, scanClaim)
}

// ClaimAuthor records userID's pending claim on an author entry.
func (s *PaperStore) ClaimAuthor(ctx context.Context, userID int64, paperID string, position int) (*paperwire.AuthorClaim, error) {
	p, err := s.Paper(ctx, paperID)
	if err != nil {
		return nil, err
	}
	if position < 0 || position >= len(p.Authors) {
		return nil, paperwire.Errorf(paperwire.EINVALID, "Paper %s has no author number %d.", paperID, position+1)
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var taken int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM author_claims WHERE paper_id = ? AND position = ? AND status = 'verified'`),
		paperID, position).Scan(&taken); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	if taken > 0 {
		return nil, paperwire.Errorf(paperwire.ECONFLICT, "%s on paper %s is already claimed and verified.", p.Authors[position], paperID)
	}
	now := s.db.Now().UTC().Truncate(time.Millisecond)
	var id int64
	err = tx.QueryRowContext(ctx, s.db.q(`INSERT INTO author_claims (paper_id, position, name, user_id, status, created_at)
		VALUES (?, ?, ?, ?, 'pending', ?) RETURNING id`), paperID, position, p.Authors[position], userID, now.UnixMilli()).Scan(&id)
	if s.db.isUnique(err) {
		return nil, paperwire.Errorf(paperwire.ECONFLICT, "You already claimed %s on paper %s.", p.Authors[position], paperID)
	} else if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return s.Claim(ctx, id)
}

// Claim returns one claim.
func (s *PaperStore) Claim(ctx context.Context, id int64) (*paperwire.AuthorClaim, error) {
	row := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+claimColumns+claimFrom+` WHERE c.id = ?`), id)
	c, err := scanClaim(row)
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such claim.")
	} else if err != nil {
		return nil, fmt.Errorf("claim %d: %w", id, err)
	}
	return c, nil
}

// DecideClaim verifies or refuses a claim. The paper gets a new change
// sequence number: its authors (in the API, on its page) changed.
func (s *PaperStore) DecideClaim(ctx context.Context, id int64, approve bool) error {
	status := paperwire.ClaimRefused
	if approve {
		status = paperwire.ClaimVerified
	}
	return s.changeClaim(ctx, id, func(tx *sql.Tx, paperID string) error {
		_, err := tx.ExecContext(ctx, s.db.q(`UPDATE author_claims SET status = ?, decided_at = ? WHERE id = ?`),
			status, s.db.Now().UnixMilli(), id)
		if s.db.isUnique(err) {
			return paperwire.Errorf(paperwire.ECONFLICT, "Another claim on this author of paper %s is verified already.", paperID)
		}
		return err
	})
}

// WithdrawClaim removes a claim, for its claimant or an admin.
func (s *PaperStore) WithdrawClaim(ctx context.Context, actor *paperwire.User, id int64) error {
	c, err := s.Claim(ctx, id)
	if err != nil {
		return err
	}
	if actor == nil || (c.UserID != actor.ID && !actor.Admin) {
		return paperwire.Errorf(paperwire.EFORBIDDEN, "Only the claimant or an admin may withdraw a claim.")
	}
	return s.changeClaim(ctx, id, func(tx *sql.Tx, _ string) error {
		_, err := tx.ExecContext(ctx, s.db.q(`DELETE FROM author_claims WHERE id = ?`), id)
		return err
	})
}

// SetClaimHidden hides or shows a claimed paper on the claimant's profile.
func (s *PaperStore) SetClaimHidden(ctx context.Context, userID, id int64, hidden bool) error {
	c, err := s.Claim(ctx, id)
	if err != nil {
		return err
	}
	if c.UserID != userID {
		return paperwire.Errorf(paperwire.EFORBIDDEN, "That claim is not yours.")
	}
	return s.changeClaim(ctx, id, func(tx *sql.Tx, _ string) error {
		_, err := tx.ExecContext(ctx, s.db.q(`UPDATE author_claims SET hidden = ? WHERE id = ? AND user_id = ?`), boolInt(hidden), id, userID)
		return err
	})
}

// changeClaim runs change on claim id in a write transaction and gives
// the claim's paper a new change sequence number.
func (s *PaperStore) changeClaim(ctx context.Context, id int64, change func(tx *sql.Tx, paperID string) error) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var paperID string
	err = tx.QueryRowContext(ctx, s.db.q(`SELECT paper_id FROM author_claims WHERE id = ?`), id).Scan(&paperID)
	if isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such claim.")
	} else if err != nil {
		return fmt.Errorf("claim %d: %w", id, err)
	}
	if err := change(tx, paperID); err != nil {
		if paperwire.ErrorCode(err) != paperwire.EINTERNAL {
			return err
		}
		return fmt.Errorf("claim %d: %w", id, err)
	}
	if err := s.db.touchPaper(ctx, tx, paperID); err != nil {
		return err
	}
	return tx.Commit()
}

// touchPaper gives paperID the next change sequence number inside tx and
// tells listening instances, so cached pages and answers about it renew.
func (db *DB) touchPaper(ctx context.Context, tx *sql.Tx, paperID string) error {
	seq, err := db.nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	seq++
	if _, err := tx.ExecContext(ctx, db.q(`UPDATE papers SET seq = ? WHERE id = ?`), seq, paperID); err != nil {
		return fmt.Errorf("touch paper %s: %w", paperID, err)
	}
	return db.notify(ctx, tx, seq)
}

// Claims lists claims with status (all for ""), oldest first.
func (s *PaperStore) Claims(ctx context.Context, status string, limit int) ([]*paperwire.AuthorClaim, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if status == "" {
		return s.queryClaims(ctx, `ORDER BY c.created_at, c.id LIMIT ?`, limit)
	}
	return s.queryClaims(ctx, `WHERE c.status = ? ORDER BY c.created_at, c.id LIMIT ?`, status, limit)
}

// PaperClaims lists a paper's claims by position.
func (s *PaperStore) PaperClaims(ctx context.Context, paperID string) ([]*paperwire.AuthorClaim, error) {
	return s.queryClaims(ctx, `WHERE c.paper_id = ? ORDER BY c.position, c.id`, paperID)
}

// UserClaims lists userID's claims, newest first.
func (s *PaperStore) UserClaims(ctx context.Context, userID int64) ([]*paperwire.AuthorClaim, error) {
	return s.queryClaims(ctx, `WHERE c.user_id = ? ORDER BY c.created_at DESC, c.id DESC`, userID)
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// UserStore keeps accounts, sessions, API tokens and the admin audit log
// (paperwire.UserService and AuditService) in either dialect.
type UserStore struct {
	db     *DB
	papers *PaperStore // DeleteUser takes the user's upvotes back
}

// NewUserStore returns the account store over db.
func NewUserStore(db *DB) *UserStore { return &UserStore{db: db, papers: NewPaperStore(db)} }

var (
	_ paperwire.UserService  = (*UserStore)(nil)
	_ paperwire.AuditService = (*UserStore)(nil)
)

const userColumns = `id, name, email, password_hash, admin, disabled, show_upvotes, email_verified, created_at, version`

func scanUser(r rowScanner) (*paperwire.User, error) {
	var u paperwire.User
	var admin, disabled, show, verified int
	var created int64
	if err := r.Scan(&u.ID, &u.Name, &u.Email, &u.PasswordHash, &admin, &disabled, &show, &verified, &created, &u.Version); err != nil {
		return nil, err
	}
	u.Admin, u.Disabled, u.ShowUpvotes, u.EmailVerified = admin != 0, disabled != 0, show != 0, verified != 0
	u.CreatedAt = time.UnixMilli(created).UTC()
	return &u, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateUser stores u and sets its ID and CreatedAt.
func (s *UserStore) CreateUser(ctx context.Context, u *paperwire.User) error {
	if err := paperwire.ValidateUserName(u.Name); err != nil {
		return err
	}
	if err := paperwire.ValidateEmail(u.Email); err != nil {
		return err
	}
	if u.PasswordHash == "" {
		return paperwire.Errorf(paperwire.EINVALID, "A user needs a password.")
	}
	u.CreatedAt = s.db.Now().UTC().Truncate(time.Millisecond)
	err := s.db.write.QueryRowContext(ctx, s.db.q(`INSERT INTO users (name, name_key, email, email_key, password_hash,
		admin, disabled, show_upvotes, email_verified, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Name, strings.ToLower(u.Name), u.Email, strings.ToLower(u.Email), u.PasswordHash,
		boolInt(u.Admin), boolInt(u.Disabled), boolInt(u.ShowUpvotes), boolInt(u.EmailVerified), u.CreatedAt.UnixMilli()).Scan(&u.ID)
	if s.db.isUnique(err) {
		return s.takenError(ctx, u)
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// takenError says which of u's name and email is taken.
func (s *UserStore) takenError(ctx context.Context, u *paperwire.User) error {
	if other, err := s.UserByName(ctx, u.Name); err == nil && other.ID != u.ID {
		return paperwire.Errorf(paperwire.ECONFLICT, "The name %s is taken.", u.Name)
	}
	return paperwire.Errorf(paperwire.ECONFLICT, "That email address already has an account.")
}

func (db *DB) isUnique(err error) bool {
	return err != nil && db.dialect.IsUnique != nil && db.dialect.IsUnique(err)
}

func (s *UserStore) userWhere(ctx context.Context, what, cond string, arg any) (*paperwire.User, error) {
	u, err := scanUser(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+userColumns+` FROM users WHERE `+cond), arg))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "No such user.")
	}
	if err != nil {
		return nil, fmt.Errorf("user by %s: %w", what, err)
	}
	return u, nil
}

// User returns the user with id.
func (s *UserStore) User(ctx context.Context, id int64) (*paperwire.User, error) {
	return s.userWhere(ctx, "id", "id = ?", id)
}

// UserByName returns the user called name, in any case.
func (s *UserStore) UserByName(ctx context.Context, name string) (*paperwire.User, error) {
	return s.userWhere(ctx, "name", "name_key = ?", strings.ToLower(name))
}

// UserByEmail returns the user with email, in any case.
func (s *UserStore) UserByEmail(ctx context.Context, email string) (*paperwire.User, error) {
	return s.userWhere(ctx, "email", "email_key = ?", strings.ToLower(email))
}

// UpdateUser writes u's email, password hash and flags (its name stays).
func (s *UserStore) UpdateUser(ctx context.Context, u *paperwire.User) error {
	if err := paperwire.ValidateEmail(u.Email); err != nil {
		return err
	}
	res, err := s.db.write.ExecContext(ctx, s.db.q(`UPDATE users SET email = ?, email_key = ?, password_hash = ?, admin = ?,
		disabled = ?, show_upvotes = ?, email_verified = ?, version = version + 1 WHERE id = ? AND version = ?`),
		u.Email, strings.ToLower(u.Email), u.PasswordHash, boolInt(u.Admin), boolInt(u.Disabled), boolInt(u.ShowUpvotes),
		boolInt(u.EmailVerified), u.ID, u.Version)
	if s.db.isUnique(err) {
		return s.takenError(ctx, u)
	}
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.User(ctx, u.ID); err != nil {
			return err // ENOTFOUND: deleted
		}
		return paperwire.ErrUserChanged
	}
	u.Version++
	return nil
}

// DeleteUser removes the account, its sessions and tokens, and its upvotes,
// taking each back from its paper's count, in one transaction; its
// submissions stay on the lists without a submitter. The last enabled
// administrator cannot be deleted (ECONFLICT).
func (s *UserStore) DeleteUser(ctx context.Context, id int64) error {
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var name string
	var admin bool
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT name, admin FROM users WHERE id = ?`), id).Scan(&name, &admin); isNoRows(err) {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such user.")
	} else if err != nil {
		return err
	}
	if admin {
		// The last administrator leaving would leave nobody who can
		// moderate, disable accounts or grant admin rights again.
		var others int
		if err := tx.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM users WHERE admin <> 0 AND disabled = 0 AND id <> ?`), id).Scan(&others); err != nil {
			return err
		}
		if others == 0 {
			return paperwire.Errorf(paperwire.ECONFLICT, "This is the only administrator account: make another account an administrator before deleting it.")
		}
	}
	voted, err := queryStrings(ctx, tx, s.db.q(`SELECT paper_id FROM upvotes WHERE user_id = ?`), id)
	if err != nil {
		return err
	}
	submitted, err := queryStrings(ctx, tx, s.db.q(`SELECT paper_id FROM submissions WHERE user_id = ?`), id)
	if err != nil {
		return err
	}
	seq, err := s.db.nextSeq(ctx, tx)
	if err != nil {
		return err
	}
	for _, pid := range voted {
		seq++
		if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET upvotes = upvotes - 1, seq = ? WHERE id = ?`), seq, pid); err != nil {
			return err
		}
	}
	for _, pid := range submitted {
		seq++
		if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET submitted_by = '', seq = ? WHERE id = ? AND submitted_by = ?`), seq, pid, name); err != nil {
			return err
		}
	}
	for _, q := range []string{`DELETE FROM upvotes WHERE user_id = ?`, `UPDATE submissions SET user_id = NULL WHERE user_id = ?`,
		`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`, `DELETE FROM foryou_feeds WHERE user_id = ?`,
		`DELETE FROM users WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, s.db.q(q), id); err != nil {
			return fmt.Errorf("delete user %d: %w", id, err)
		}
	}
	if len(voted)+len(submitted) > 0 {
		if err := s.db.notify(ctx, tx, seq); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Users returns one page of accounts, oldest first.
func (s *UserStore) Users(ctx context.Context, offset, limit int) ([]*paperwire.User, int, error) {
	if offset < 0 || limit < 0 {
		return nil, 0, paperwire.Errorf(paperwire.EINVALID, "Offset and limit must not be negative.")
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count users: %w", err)
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+userColumns+` FROM users ORDER BY id LIMIT ? OFFSET ?`), min(limit, MaxLimit), offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// nextSeq reads the highest change sequence inside a write transaction;
// the caller gives its rows the numbers after it.
func (db *DB) nextSeq(ctx context.Context, tx *sql.Tx) (int64, error) {
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM papers`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("max seq: %w", err)
	}
	return seq, nil
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryStrings reads a one-column result.
func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

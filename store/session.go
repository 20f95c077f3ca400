package store

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

// CreateSession stores a session under the hash of its id.
func (s *UserStore) CreateSession(ctx context.Context, idHash string, userID int64, expires time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		idHash, userID, s.db.Now().UnixMilli(), expires.UnixMilli())
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of a live session; expired sessions are
// removed as they are found.
func (s *UserStore) SessionUser(ctx context.Context, idHash string) (*paperwire.User, error) {
	var expires int64
	row := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT s.expires_at, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`), idHash)
	u, err := scanUser(prependScan(row, &expires))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Not signed in.")
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	if expires <= s.db.Now().UnixMilli() {
		s.DeleteSession(ctx, idHash) //nolint:errcheck // expired either way
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "The session expired; sign in again.")
	}
	if u.Disabled {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "This account is disabled.")
	}
	return u, nil
}

// DeleteSession ends one session (sign out).
func (s *UserStore) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := s.db.write.ExecContext(ctx, s.db.q(`DELETE FROM sessions WHERE id_hash = ?`), idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteSessions ends every session of a user.
func (s *UserStore) DeleteSessions(ctx context.Context, userID int64) error {
	if _, err := s.db.write.ExecContext(ctx, s.db.q(`DELETE FROM sessions WHERE user_id = ?`), userID); err != nil {
		return fmt.Errorf("delete sessions: %w", err)
	}
	return nil
}

// CreateToken stores t under the token's hash and sets t.ID.
func (s *UserStore) CreateToken(ctx context.Context, t *paperwire.APIToken, hash string) error {
	t.CreatedAt = s.db.Now().UTC().Truncate(time.Millisecond)
	err := s.db.write.QueryRowContext(ctx, s.db.q(`INSERT INTO api_tokens (user_id, name, hint, token_hash, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), t.UserID, t.Name, t.Hint, hash, t.CreatedAt.UnixMilli()).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

// TokenUser returns the user a token belongs to, and notes when it was
// last used (at most once a minute, so API traffic does not mean a write
// per request).
func (s *UserStore) TokenUser(ctx context.Context, hash string) (*paperwire.User, error) {
	var id, used int64
	row := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT t.id, t.last_used_at, `+prefixed("u.", userColumns)+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`), hash)
	u, err := scanUser(prependScan(row, &id, &used))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Unknown token.")
	}
	if err != nil {
		return nil, fmt.Errorf("token: %w", err)
	}
	if u.Disabled {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "This account is disabled.")
	}
	if now := s.db.Now().UnixMilli(); now-used > time.Minute.Milliseconds() {
		s.db.write.ExecContext(ctx, s.db.q(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), now, id) //nolint:errcheck // a hint only
	}
	return u, nil
}

// Tokens lists a user's tokens, newest first.
func (s *UserStore) Tokens(ctx context.Context, userID int64) ([]*paperwire.APIToken, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT id, name, hint, created_at, last_used_at FROM api_tokens
		WHERE user_id = ? ORDER BY id DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.APIToken
	for rows.Next() {
		t := &paperwire.APIToken{UserID: userID}
		var created, used int64
		if err := rows.Scan(&t.ID, &t.Name, &t.Hint, &created, &used); err != nil {
			return nil, err
		}
		t.CreatedAt = time.UnixMilli(created).UTC()
		if used > 0 {
			t.LastUsedAt = time.UnixMilli(used).UTC()
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteToken revokes one of userID's tokens.
func (s *UserStore) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	res, err := s.db.write.ExecContext(ctx, s.db.q(`DELETE FROM api_tokens WHERE id = ? AND user_id = ?`), tokenID, userID)
	if err != nil {
		return fmt.Errorf("delete token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such token.")
	}
	return nil
}

// Audit appends an admin action to the audit log.
func (s *UserStore) Audit(ctx context.Context, e paperwire.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.db.Now()
	}
	_, err := s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO audit_log (at, actor_id, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)`),
		e.At.UnixMilli(), e.ActorID, e.Actor, e.Action, e.Target, e.Detail)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog returns the newest limit entries, newest first.
func (s *UserStore) AuditLog(ctx context.Context, limit int) ([]paperwire.AuditEntry, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT at, actor_id, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []paperwire.AuditEntry
	for rows.Next() {
		var e paperwire.AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.ActorID, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// prefixed qualifies each of a column list's names with prefix.
func prefixed(prefix, columns string) string {
	var b []byte
	for i, c := range splitColumns(columns) {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, prefix+c...)
	}
	return string(b)
}

// prependScan scans extra leading columns before the ones r's consumer reads.
func prependScan(r rowScanner, first ...any) rowScanner {
	return scanFunc(func(dest ...any) error { return r.Scan(append(first, dest...)...) })
}

type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

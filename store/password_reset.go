package store

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

// CreatePasswordReset stores the hash of a reset token for userID, valid
// until expires.
func (s *MailStore) CreatePasswordReset(ctx context.Context, hash string, userID int64, expires time.Time) error {
	if _, err := s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)`),
		hash, userID, expires.UnixMilli()); err != nil {
		return fmt.Errorf("create password reset: %w", err)
	}
	return nil
}

// PasswordResetUser returns the user a reset token's hash belongs to, if it
// is unused and unexpired; it does not use it up. Returns EINVALID otherwise.
func (s *MailStore) PasswordResetUser(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at = 0 AND expires_at > ?`),
		hash, s.db.Now().UnixMilli()).Scan(&id)
	if isNoRows(err) {
		return 0, paperwire.Errorf(paperwire.EINVALID, "This reset link is not valid any more. Ask for a new one.")
	}
	if err != nil {
		return 0, fmt.Errorf("password reset: %w", err)
	}
	return id, nil
}

// UsePasswordReset marks a reset token used, once: a second use, or an
// expired token, is EINVALID. It returns the token's user. Every other
// reset token of that user is used up with it.
func (s *MailStore) UsePasswordReset(ctx context.Context, hash string) (int64, error) {
	now := s.db.Now().UnixMilli()
	var id int64
	err := s.db.write.QueryRowContext(ctx, s.db.q(`UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at = 0 AND expires_at > ?
		RETURNING user_id`), now, hash, now).Scan(&id)
	if isNoRows(err) {
		return 0, paperwire.Errorf(paperwire.EINVALID, "This reset link is not valid any more. Ask for a new one.")
	}
	if err != nil {
		return 0, fmt.Errorf("use password reset: %w", err)
	}
	if _, err := s.db.write.ExecContext(ctx, s.db.q(`UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at = 0`), now, id); err != nil {
		return 0, fmt.Errorf("use password reset: %w", err)
	}
	return id, nil
}

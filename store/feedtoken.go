package store

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.FeedTokenService = (*UserStore)(nil)

// SetFeedToken replaces userID's feed token in one statement, so there is
// never a moment with two valid tokens.
func (s *UserStore) SetFeedToken(ctx context.Context, userID int64, hash string) error {
	_, err := s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO foryou_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`),
		userID, hash, s.db.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("set feed token: %w", err)
	}
	return nil
}

// DeleteFeedToken revokes userID's feed token.
func (s *UserStore) DeleteFeedToken(ctx context.Context, userID int64) error {
	res, err := s.db.write.ExecContext(ctx, s.db.q(`DELETE FROM foryou_feeds WHERE user_id = ?`), userID)
	if err != nil {
		return fmt.Errorf("delete feed token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "You have no feed URL.")
	}
	return nil
}

// FeedTokenUser returns the user of a feed token.
func (s *UserStore) FeedTokenUser(ctx context.Context, hash string) (*paperwire.User, error) {
	u, err := scanUser(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+prefixed("u.", userColumns)+`
		FROM foryou_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ?`), hash))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Unknown feed.")
	}
	if err != nil {
		return nil, fmt.Errorf("feed token: %w", err)
	}
	if u.Disabled {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Unknown feed.")
	}
	return u, nil
}

// FeedTokenCreated returns when userID's feed token was made.
func (s *UserStore) FeedTokenCreated(ctx context.Context, userID int64) (time.Time, error) {
	var ms int64
	err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT created_at FROM foryou_feeds WHERE user_id = ?`), userID).Scan(&ms)
	if isNoRows(err) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("feed token: %w", err)
	}
	return time.UnixMilli(ms).UTC(), nil
}

package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// MailStore keeps subscribers, saved searches, the outbox, password-reset
// tokens and the secret that signs links in mail, in either dialect.
type MailStore struct{ db *DB }

// NewMailStore returns the mail store over db.
func NewMailStore(db *DB) *MailStore { return &MailStore{db: db} }

// Secret returns the instance's secret called name, generating and storing
// 32 random bytes the first time. Instances sharing a database race to
// insert it; the loser reads the winner's, so every instance signs alike.
func (s *MailStore) Secret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	if _, err := s.db.write.ExecContext(ctx, s.db.q(`INSERT INTO mail_secrets (name, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`), name, hex.EncodeToString(b), s.db.Now().UnixMilli()); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	var h string
	if err := s.db.write.QueryRowContext(ctx, s.db.q(`SELECT secret FROM mail_secrets WHERE name = ?`), name).Scan(&h); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return hex.DecodeString(h)
}

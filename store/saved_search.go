package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// SaveSearch adds query to a subscriber's alerts; saving the same query
// twice keeps one. Returns EINVALID for an empty, over-long or control-character
// query and ETOOMANY past paperwire.MaxSavedSearches.
func (s *MailStore) SaveSearch(ctx context.Context, subscriberID int64, query string) (*paperwire.SavedSearch, error) {
	query = strings.TrimSpace(query)
	if query == "" || len(query) > paperwire.MaxSavedQueryLen || strings.ContainsAny(query, "\r\n\x00") {
		return nil, paperwire.Errorf(paperwire.EINVALID, "A saved search needs a query of at most %d characters on one line.", paperwire.MaxSavedQueryLen)
	}
	have, err := s.SavedSearches(ctx, subscriberID)
	if err != nil {
		return nil, err
	}
	for _, h := range have {
		if h.Query == query {
			return h, nil
		}
	}
	if len(have) >= paperwire.MaxSavedSearches {
		return nil, paperwire.Errorf(paperwire.ETOOMANY, "You can save at most %d searches.", paperwire.MaxSavedSearches)
	}
	ss := &paperwire.SavedSearch{SubscriberID: subscriberID, Query: query, CreatedAt: s.db.Now().UTC().Truncate(time.Millisecond)}
	err = s.db.write.QueryRowContext(ctx, s.db.q(`INSERT INTO saved_searches (subscriber_id, query, created_at) VALUES (?, ?, ?)
		ON CONFLICT (subscriber_id, query) DO UPDATE SET query = excluded.query RETURNING id`),
		subscriberID, query, ss.CreatedAt.UnixMilli()).Scan(&ss.ID)
	if err != nil {
		return nil, fmt.Errorf("save search: %w", err)
	}
	return ss, nil
}

// SavedSearches returns a subscriber's saved searches, oldest first.
func (s *MailStore) SavedSearches(ctx context.Context, subscriberID int64) ([]*paperwire.SavedSearch, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT id, subscriber_id, query, created_at FROM saved_searches
		WHERE subscriber_id = ? ORDER BY id`), subscriberID)
	if err != nil {
		return nil, fmt.Errorf("saved searches: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.SavedSearch
	for rows.Next() {
		var ss paperwire.SavedSearch
		var created int64
		if err := rows.Scan(&ss.ID, &ss.SubscriberID, &ss.Query, &created); err != nil {
			return nil, fmt.Errorf("saved searches: %w", err)
		}
		ss.CreatedAt = time.UnixMilli(created).UTC()
		out = append(out, &ss)
	}
	return out, rows.Err()
}

// DeleteSavedSearch removes one of a subscriber's saved searches; the
// subscriber id makes sure nobody removes someone else's. Returns ENOTFOUND.
func (s *MailStore) DeleteSavedSearch(ctx context.Context, subscriberID, id int64) error {
	return s.exec1(ctx, "delete saved search", `DELETE FROM saved_searches WHERE id = ? AND subscriber_id = ?`, id, subscriberID)
}

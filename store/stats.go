package store

import (
	"context"
	"fmt"

	"github.com/paperwire/paperwire"
)

// Stats counts what the store holds, authors included. Counting distinct
// authors reads every row's author list: pages use Summary instead.
func (s *PaperStore) Stats(ctx context.Context) (paperwire.Stats, error) {
	st, err := s.Summary(ctx)
	if err != nil {
		return st, err
	}
	err = s.db.read.QueryRowContext(ctx, s.db.dialect.CountAuthors).Scan(&st.Authors)
	if err != nil {
		return st, fmt.Errorf("count authors: %w", err)
	}
	return st, nil
}

// Summary is Stats without the author count: one indexed aggregate query.
func (s *PaperStore) Summary(ctx context.Context) (paperwire.Stats, error) {
	var st paperwire.Stats
	err := s.db.read.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT listed_on), coalesce(sum(withdrawn), 0),
		coalesce(min(listed_on), ''), coalesce(max(listed_on), ''), coalesce(max(seq), 0) FROM papers`).
		Scan(&st.Papers, &st.Days, &st.Withdrawn, &st.FirstDay, &st.LastDay, &st.MaxSeq)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	if s.db.dialect.Size != nil {
		if st.SizeBytes, err = s.db.dialect.Size(ctx, s.db); err != nil {
			return st, fmt.Errorf("database size: %w", err)
		}
	}
	return st, nil
}

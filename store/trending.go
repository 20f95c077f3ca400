package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/paperwire/paperwire"
)

// trending answers Papers sorted by paperwire.TrendingScore. The score
// depends on "now", so it is computed here rather than stored: the
// candidates' ids, counts and days are read in one narrow query, scored and
// sorted in Go, and only the page's papers are read in full. Without a day
// range the candidates are the papers of the last TrendingWindow with an
// upvote (a partial index covers them), which keeps the work small.
func (s *PaperStore) trending(ctx context.Context, f paperwire.PaperFilter, limit int) ([]*paperwire.Paper, int, error) {
	now := f.Now
	if now.IsZero() {
		now = s.db.Now()
	}
	where, args := filterWhere(f)
	if f.From.IsZero() && f.To.IsZero() {
		since := now.Add(-paperwire.TrendingWindow).UTC().Format(dayLayout)
		cond := "upvotes > 0 AND (listed_on >= ? OR submitted_on >= ?)"
		if where == "" {
			where = " WHERE " + cond
		} else {
			where += " AND " + cond
		}
		args = append(args, since, since)
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT id, upvotes, listed_on, submitted_on FROM papers`+where), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("trending: %w", err)
	}
	type candidate struct {
		id    string
		score float64
		day   string
	}
	var cands []candidate
	for rows.Next() {
		var p paperwire.Paper
		var listed, picked string
		if err := rows.Scan(&p.ID, &p.Upvotes, &listed, &picked); err != nil {
			rows.Close()
			return nil, 0, err
		}
		p.ListedOn, _ = time.Parse(dayLayout, listed)
		if picked != "" {
			p.SubmittedOn, _ = time.Parse(dayLayout, picked)
		}
		cands = append(cands, candidate{p.ID, paperwire.TrendingScore(&p, now), listed})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.day != b.day {
			return a.day > b.day
		}
		return a.id > b.id
	})
	total := len(cands)
	if f.Offset >= total {
		return []*paperwire.Paper{}, total, nil
	}
	page := cands[f.Offset:min(f.Offset+limit, total)]
	ids := make([]string, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	papers, err := s.PapersByID(ctx, ids)
	return papers, total, err
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
)

// Default and maximum page sizes for Papers.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// PaperStore implements paperwire.PaperService, PaperWriter, ChangeFeed and
// CheckpointStore over a DB, in either dialect.
type PaperStore struct {
	db *DB

	// days caches Days(): it scans every paper, and every page needs it.
	// The cache is keyed by the store's highest seq, which any write raises,
	// so it stays correct even when another process writes the file.
	mu      sync.Mutex
	days    []paperwire.DayCount
	daysSeq int64
}

// NewPaperStore returns a store over db.
func NewPaperStore(db *DB) *PaperStore { return &PaperStore{db: db, daysSeq: -1} }

var (
	_ paperwire.PaperService    = (*PaperStore)(nil)
	_ paperwire.PaperWriter     = (*PaperStore)(nil)
	_ paperwire.ChangeFeed      = (*PaperStore)(nil)
	_ paperwire.CheckpointStore = (*PaperStore)(nil)
)

// Paper returns one paper by version-less id.
func (s *PaperStore) Paper(ctx context.Context, id string) (*paperwire.Paper, error) {
	row := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+paperColumns+` FROM papers WHERE id = ?`), id)
	p, err := scanPaper(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", id)
	} else if err != nil {
		return nil, fmt.Errorf("paper %s: %w", id, err)
	}
	return p, nil
}

// Papers returns one page of papers matching f and the total number matching.
func (s *PaperStore) Papers(ctx context.Context, f paperwire.PaperFilter) ([]*paperwire.Paper, int, error) {
	if f.Offset < 0 || f.Limit < 0 {
		return nil, 0, paperwire.Errorf(paperwire.EINVALID, "Offset and limit must not be negative.")
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if f.Sort == paperwire.SortTrending {
		return s.trending(ctx, f, limit)
	}
	where, args := filterWhere(f)
	var total int
	if err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM papers`+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count papers: %w", err)
	}
	if f.Offset >= total {
		return []*paperwire.Paper{}, total, nil
	}
	order := ` ORDER BY listed_on DESC, upvotes DESC, id DESC`
	switch {
	case f.Sort == paperwire.SortUpvotes:
		order = ` ORDER BY upvotes DESC, listed_on DESC, id DESC`
	case f.Picks || f.Submitter != "":
		order = ` ORDER BY submitted_on DESC, upvotes DESC, id DESC`
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+paperColumns+` FROM papers`+where+order+` LIMIT ? OFFSET ?`),
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list papers: %w", err)
	}
	defer rows.Close()
	papers := make([]*paperwire.Paper, 0, limit)
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, 0, err
		}
		papers = append(papers, p)
	}
	return papers, total, rows.Err()
}

// filterWhere translates a filter into a WHERE clause with bound arguments.
// With Picks (or a Submitter) the day range is over submission days.
func filterWhere(f paperwire.PaperFilter) (string, []any) {
	var conds []string
	var args []any
	day := "listed_on"
	if f.Picks || f.Submitter != "" {
		day = "submitted_on"
		conds = append(conds, "submitted_on <> ''")
	}
	if !f.From.IsZero() {
		conds, args = append(conds, day+" >= ?"), append(args, f.From.UTC().Format(dayLayout))
	}
	if !f.To.IsZero() {
		conds, args = append(conds, day+" < ?"), append(args, f.To.UTC().Format(dayLayout))
	}
	if f.Submitter != "" {
		conds, args = append(conds, "submitted_by = ?"), append(args, f.Submitter)
	}
	if f.Org != "" {
		conds, args = append(conds, "org_name = ?"), append(args, f.Org)
	}
	if f.Category != "" {
		// categories is a JSON array; the quotes delimit whole names, so "cs.C" never matches "cs.CV".
		conds = append(conds, `categories LIKE ? ESCAPE '\'`)
		args = append(args, `%`+likeEscape(mustJSON(f.Category))+`%`)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Days returns the listing days that have papers, newest first, with counts.
func (s *PaperStore) Days(ctx context.Context) ([]paperwire.DayCount, error) {
	seq, err := s.maxSeq(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.daysSeq == seq {
		days := s.days
		s.mu.Unlock()
		return days, nil
	}
	s.mu.Unlock()

	rows, err := s.db.read.QueryContext(ctx, `SELECT listed_on, count(*) FROM papers GROUP BY listed_on ORDER BY listed_on DESC`)
	if err != nil {
		return nil, fmt.Errorf("list days: %w", err)
	}
	defer rows.Close()
	var days []paperwire.DayCount
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		t, err := time.Parse(dayLayout, d)
		if err != nil {
			continue // unreachable for rows this package wrote
		}
		days = append(days, paperwire.DayCount{Day: t, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.days, s.daysSeq = days, seq
	s.mu.Unlock()
	return days, nil
}

// CategoryCounts returns how many papers listed in [from, to) carry each category.
func (s *PaperStore) CategoryCounts(ctx context.Context, from, to time.Time) ([]paperwire.CategoryCount, error) {
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT categories FROM papers WHERE listed_on >= ? AND listed_on < ?`),
		from.UTC().Format(dayLayout), to.UTC().Format(dayLayout))
	if err != nil {
		return nil, fmt.Errorf("category counts: %w", err)
	}
	defer rows.Close()
	counts := map[string]int{}
	var cats []string
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := decodeList(raw, &cats); err != nil {
			return nil, err
		}
		for _, c := range cats {
			counts[c]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return paperwire.SortedCategoryCounts(counts), nil
}

// ChangesSince returns up to limit papers with seq > after, in seq order.
func (s *PaperStore) ChangesSince(ctx context.Context, after int64, limit int) ([]*paperwire.Paper, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+paperColumns+` FROM papers WHERE seq > ? ORDER BY seq LIMIT ?`), after, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", after, err)
	}
	defer rows.Close()
	var out []*paperwire.Paper
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MaxSeq returns the highest change sequence in the store (0 when empty).
func (s *PaperStore) MaxSeq(ctx context.Context) (int64, error) { return s.maxSeq(ctx) }

func (s *PaperStore) maxSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.read.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM papers`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("max seq: %w", err)
	}
	return seq, nil
}

// PapersByID returns the stored papers among ids, in the order of ids; ids
// not stored are left out. One query serves a whole results page.
func (s *PaperStore) PapersByID(ctx context.Context, ids []string) ([]*paperwire.Paper, error) {
	return s.papersByID(ctx, ids, paperColumns, scanPaper)
}

// PaperCardsByID is PapersByID for a list of results (search hits): each
// paper holds only what a card, the API's paper object and a feed entry
// show (cardColumns), the other fields zero. A search answer reads its papers
// this way because SQLite's pure-Go driver pays per column read, and the
// bibliographic and version columns were a fifth of the read.
func (s *PaperStore) PaperCardsByID(ctx context.Context, ids []string) ([]*paperwire.Paper, error) {
	return s.papersByID(ctx, ids, cardColumns, scanCard)
}

func (s *PaperStore) papersByID(ctx context.Context, ids []string, columns string, scan func(rowScanner) (*paperwire.Paper, error)) ([]*paperwire.Paper, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// The list is padded with its last id to a power of two, so a handful
	// of statements, prepared once, serve every length.
	n := 8
	for n < len(ids) {
		n *= 2
	}
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	q := `SELECT ` + columns + ` FROM papers WHERE id IN (?` + strings.Repeat(", ?", n-1) + `)`
	st, err := s.db.readStmt(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("papers by id: %w", err)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("papers by id: %w", err)
	}
	defer rows.Close()
	byID := make(map[string]*paperwire.Paper, len(ids))
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, err
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*paperwire.Paper, 0, len(byID))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

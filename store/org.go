package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.OrgService = (*PaperStore)(nil)

const orgColumns = `id, slug, name, description, url, created_at`

func scanOrg(r rowScanner) (*paperwire.Org, error) {
	var o paperwire.Org
	var created int64
	if err := r.Scan(&o.ID, &o.Slug, &o.Name, &o.Description, &o.URL, &created); err != nil {
		return nil, err
	}
	if created > 0 {
		o.CreatedAt = time.UnixMilli(created).UTC()
	}
	return &o, nil
}

// CreateOrg stores a new organization.
func (s *PaperStore) CreateOrg(ctx context.Context, o *paperwire.Org) error {
	if err := paperwire.ValidateOrg(o); err != nil {
		return err
	}
	o.CreatedAt = s.db.Now().UTC().Truncate(time.Millisecond)
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT count(*) FROM organizations WHERE lower(slug) = lower(?)`), o.Slug).Scan(&n); err != nil {
		return fmt.Errorf("create org: %w", err)
	} else if n > 0 {
		return paperwire.Errorf(paperwire.ECONFLICT, "There is an organization %s already.", o.Slug)
	}
	err = tx.QueryRowContext(ctx, s.db.q(`INSERT INTO organizations (slug, name, description, url, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		o.Slug, o.Name, o.Description, o.URL, o.CreatedAt.UnixMilli()).Scan(&o.ID)
	if s.db.isUnique(err) {
		return paperwire.Errorf(paperwire.ECONFLICT, "There is an organization %s already.", o.Slug)
	} else if err != nil {
		return fmt.Errorf("create org: %w", err)
	}
	return tx.Commit()
}

// UpdateOrg writes an org's name, description and URL, and the name its
// papers carry (each such paper gets a new change sequence number, so
// search and other instances see it).
func (s *PaperStore) UpdateOrg(ctx context.Context, o *paperwire.Org) error {
	if err := paperwire.ValidateOrg(o); err != nil {
		return err
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, s.db.q(`UPDATE organizations SET name = ?, description = ?, url = ? WHERE id = ?`),
		o.Name, o.Description, o.URL, o.ID)
	if err != nil {
		return fmt.Errorf("update org: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paperwire.Errorf(paperwire.ENOTFOUND, "No such organization.")
	}
	if err := tx.QueryRowContext(ctx, s.db.q(`SELECT slug FROM organizations WHERE id = ?`), o.ID).Scan(&o.Slug); err != nil {
		return fmt.Errorf("update org: %w", err)
	}
	ids, err := queryStrings(ctx, tx, s.db.q(`SELECT id FROM papers WHERE org_name = ? AND org_fullname <> ?`), o.Slug, o.Name)
	if err != nil {
		return fmt.Errorf("update org papers: %w", err)
	}
	if len(ids) > 0 {
		seq, err := s.db.nextSeq(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			seq++
			if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET org_fullname = ?, seq = ? WHERE id = ?`), o.Name, seq, id); err != nil {
				return fmt.Errorf("update org papers: %w", err)
			}
		}
		if err := s.db.notify(ctx, tx, seq); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Org returns the org with slug, matched exactly first and then regardless of case.
func (s *PaperStore) Org(ctx context.Context, slug string) (*paperwire.Org, error) {
	o, err := scanOrg(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+orgColumns+` FROM organizations WHERE slug = ?`), slug))
	if isNoRows(err) {
		o, err = scanOrg(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+orgColumns+` FROM organizations WHERE lower(slug) = lower(?) ORDER BY id LIMIT 1`), slug))
	}
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "There is no organization %s.", clip(slug, 64))
	} else if err != nil {
		return nil, fmt.Errorf("org %s: %w", slug, err)
	}
	return o, nil
}

// OrgByID returns one org by id.
func (s *PaperStore) OrgByID(ctx context.Context, id int64) (*paperwire.Org, error) {
	o, err := scanOrg(s.db.read.QueryRowContext(ctx, s.db.q(`SELECT `+orgColumns+` FROM organizations WHERE id = ?`), id))
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "There is no organization %d.", id)
	} else if err != nil {
		return nil, fmt.Errorf("org %d: %w", id, err)
	}
	return o, nil
}

// Orgs returns one page of organizations by slug.
func (s *PaperStore) Orgs(ctx context.Context, offset, limit int) ([]*paperwire.Org, int, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	var total int
	if err := s.db.read.QueryRowContext(ctx, `SELECT count(*) FROM organizations`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count orgs: %w", err)
	}
	rows, err := s.db.read.QueryContext(ctx, s.db.q(`SELECT `+orgColumns+` FROM organizations ORDER BY lower(slug), id LIMIT ? OFFSET ?`),
		min(limit, MaxLimit), max(offset, 0))
	if err != nil {
		return nil, 0, fmt.Errorf("list orgs: %w", err)
	}
	defer rows.Close()
	var out []*paperwire.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// ensureOrgs gives every organization slug in a written batch its row, so
// /orgs/{slug} lists imported papers; a slug with a row already is left as
// an admin may have described it. Slugs with a '/' could not be a path
// segment and are left without a page.
func (db *DB) ensureOrgs(ctx context.Context, tx *sql.Tx, papers []*paperwire.Paper, now time.Time) error {
	seen := map[string]bool{}
	for _, p := range papers {
		o := p.Organization
		if o == nil || o.Name == "" || seen[o.Name] || strings.Contains(o.Name, "/") {
			continue
		}
		seen[o.Name] = true
		name := o.Fullname
		if name == "" {
			name = o.Name
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO organizations (slug, name, created_at) VALUES (?, ?, ?) ON CONFLICT (slug) DO NOTHING`),
			o.Name, name, now.UnixMilli()); err != nil {
			return fmt.Errorf("create org %s: %w", o.Name, err)
		}
	}
	return nil
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

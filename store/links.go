package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

var _ paperwire.LinkService = (*PaperStore)(nil)

// SetPaperLinks applies a change of links and organization to a paper in
// one transaction and gives it a new change sequence number. A new
// repository drops the imported star count, which belonged to the old one.
func (s *PaperStore) SetPaperLinks(ctx context.Context, paperID string, l paperwire.PaperLinks) (*paperwire.Paper, error) {
	var repo, page string
	var err error
	if l.GitHubRepo != nil {
		if repo, err = paperwire.ValidateGitHubRepo(*l.GitHubRepo); err != nil {
			return nil, err
		}
	}
	if l.ProjectPage != nil {
		if page, err = paperwire.ValidateWebURL(*l.ProjectPage); err != nil {
			return nil, err
		}
	}
	tx, err := s.db.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var oldRepo, oldPage, orgName, orgFull string
	var stars int
	err = tx.QueryRowContext(ctx, s.db.q(`SELECT github_repo, github_stars, project_page, org_name, org_fullname FROM papers WHERE id = ?`), paperID).
		Scan(&oldRepo, &stars, &oldPage, &orgName, &orgFull)
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s not found.", paperID)
	} else if err != nil {
		return nil, fmt.Errorf("links %s: %w", paperID, err)
	}
	if l.GitHubRepo != nil {
		if !strings.EqualFold(repo, oldRepo) {
			stars = 0
		}
		oldRepo = repo
	}
	if l.ProjectPage != nil {
		oldPage = page
	}
	if l.OrgID != nil {
		orgName, orgFull = "", ""
		if key := strings.TrimSpace(*l.OrgID); key != "" {
			o, err := s.orgByKey(ctx, tx, key)
			if err != nil {
				return nil, err
			}
			orgName, orgFull = o.Slug, o.Name
		}
	}
	seq, err := s.db.nextSeq(ctx, tx)
	if err != nil {
		return nil, err
	}
	seq++
	if _, err := tx.ExecContext(ctx, s.db.q(`UPDATE papers SET github_repo = ?, github_stars = ?, project_page = ?, org_name = ?, org_fullname = ?, seq = ? WHERE id = ?`),
		oldRepo, stars, oldPage, orgName, orgFull, seq, paperID); err != nil {
		return nil, fmt.Errorf("links %s: %w", paperID, err)
	}
	if err := s.db.notify(ctx, tx, seq); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("links %s: %w", paperID, err)
	}
	return s.Paper(ctx, paperID)
}

// orgByKey finds an org by its id (digits) or slug, inside tx.
func (s *PaperStore) orgByKey(ctx context.Context, tx *sql.Tx, key string) (*paperwire.Org, error) {
	q, arg := `SELECT `+orgColumns+` FROM organizations WHERE slug = ?`, any(key)
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		q, arg = `SELECT `+orgColumns+` FROM organizations WHERE id = ?`, id
	}
	o, err := scanOrg(tx.QueryRowContext(ctx, s.db.q(q), arg))
	if _, num := arg.(int64); num && isNoRows(err) { // a slug of digits
		o, err = scanOrg(tx.QueryRowContext(ctx, s.db.q(`SELECT `+orgColumns+` FROM organizations WHERE slug = ?`), key))
	}
	if isNoRows(err) {
		return nil, paperwire.Errorf(paperwire.ENOTFOUND, "There is no organization %s.", clip(key, 64))
	} else if err != nil {
		return nil, fmt.Errorf("org %s: %w", key, err)
	}
	return o, nil
}

// PaperSubmitterID is the id of the user who submitted the paper, or 0.
func (s *PaperStore) PaperSubmitterID(ctx context.Context, paperID string) (int64, error) {
	var id sql.NullInt64
	err := s.db.read.QueryRowContext(ctx, s.db.q(`SELECT user_id FROM submissions WHERE paper_id = ?`), paperID).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("submitter of %s: %w", paperID, err)
	}
	return id.Int64, nil
}

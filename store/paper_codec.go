package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// paperColumns lists the papers table's columns in the order scanPaper reads
// and paperArgs writes them.
const paperColumns = `id, title, abstract, authors, categories, primary_category, comment, journal_ref, doi,
	report_no, license, submitter, versions, submitted_at, updated_at, listed_on, withdrawn,
	upvotes, num_comments, submitted_by, org_name, org_fullname, github_repo, github_stars,
	project_page, ai_summary, ai_keywords, imported_upvotes, submitted_on, seq`

const dayLayout = "2006-01-02"

// versionJSON is how a version is kept in the versions column.
type versionJSON struct {
	V       int    `json:"v"`
	Created string `json:"created,omitempty"`
}

type rowScanner interface{ Scan(dest ...any) error }

// scanRows reads every row of rows with scan, closing rows: the loop each
// list query would otherwise write out again.
func scanRows[T any](rows *sql.Rows, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// scanPaper reads one row selected with paperColumns.
func scanPaper(r rowScanner) (*paperwire.Paper, error) {
	var p paperwire.Paper
	var authors, categories, versions, keywords, submitted, updated, listed, orgName, orgFull, primary, picked string
	var withdrawn int
	if err := r.Scan(&p.ID, &p.Title, &p.Abstract, &authors, &categories, &primary, &p.Comment, &p.JournalRef, &p.DOI,
		&p.ReportNo, &p.License, &p.Submitter, &versions, &submitted, &updated, &listed, &withdrawn,
		&p.Upvotes, &p.NumComments, &p.SubmittedBy, &orgName, &orgFull, &p.GitHubRepo, &p.GitHubStars,
		&p.ProjectPage, &p.AISummary, &keywords, &p.ImportedUpvotes, &picked, &p.Seq); err != nil {
		return nil, err
	}
	p.Withdrawn = withdrawn != 0
	if err := decodeList(authors, &p.Authors); err != nil {
		return nil, fmt.Errorf("paper %s authors: %w", p.ID, err)
	}
	if err := decodeList(categories, &p.Categories); err != nil {
		return nil, fmt.Errorf("paper %s categories: %w", p.ID, err)
	}
	if err := decodeList(keywords, &p.AIKeywords); err != nil {
		return nil, fmt.Errorf("paper %s ai_keywords: %w", p.ID, err)
	}
	var vs []versionJSON
	if err := json.Unmarshal([]byte(versions), &vs); err != nil {
		return nil, fmt.Errorf("paper %s versions: %w", p.ID, err)
	}
	for _, v := range vs {
		p.Versions = append(p.Versions, paperwire.PaperVersion{Version: v.V, Created: parseTime(v.Created)})
	}
	p.Submitted, p.Updated = parseTime(submitted), parseTime(updated)
	p.ListedOn, _ = time.Parse(dayLayout, listed)
	if picked != "" {
		p.SubmittedOn, _ = time.Parse(dayLayout, picked)
	}
	if orgName != "" || orgFull != "" {
		p.Organization = &paperwire.Organization{Name: orgName, Fullname: orgFull}
	}
	return &p, nil
}

// paperArgs returns p's column values in paperColumns order, with the given seq.
func paperArgs(p *paperwire.Paper, seq int64) []any {
	vs := make([]versionJSON, len(p.Versions))
	for i, v := range p.Versions {
		vs[i] = versionJSON{V: v.Version, Created: formatTime(v.Created)}
	}
	var orgName, orgFull string
	if p.Organization != nil {
		orgName, orgFull = p.Organization.Name, p.Organization.Fullname
	}
	withdrawn := 0
	if p.Withdrawn {
		withdrawn = 1
	}
	return []any{p.ID, p.Title, p.Abstract, encodeList(p.Authors), encodeList(p.Categories), p.PrimaryCategory(),
		p.Comment, p.JournalRef, p.DOI, p.ReportNo, p.License, p.Submitter, mustJSON(vs),
		formatTime(p.Submitted), formatTime(p.Updated), p.ListedOn.UTC().Format(dayLayout), withdrawn,
		p.Upvotes, p.NumComments, p.SubmittedBy, orgName, orgFull, p.GitHubRepo, p.GitHubStars,
		p.ProjectPage, p.AISummary, encodeList(p.AIKeywords), p.ImportedUpvotes, formatDay(p.SubmittedOn), seq}
}

func encodeList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	return mustJSON(xs)
}

func decodeList(s string, dst *[]string) error {
	if s == "" || s == "[]" {
		*dst = nil
		return nil
	}
	return json.Unmarshal([]byte(s), dst)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain strings and ints are marshalled here
	}
	return string(b)
}

// formatDay is t's day, or "" for the zero time.
func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dayLayout)
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// splitColumns splits a column list into trimmed names.
func splitColumns(columns string) []string {
	parts := strings.Split(columns, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

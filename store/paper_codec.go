package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// paperColumns lists the papers table's columns in the order scanPaper reads
// and paperArgs writes them.
const paperColumns = `id, title, abstract, authors, categories, primary_category, comment, journal_ref, doi,
	report_no, license, submitter, versions, submitted_at, updated_at, listed_on, withdrawn,
	upvotes, num_comments, submitted_by, org_name, org_fullname, github_repo, github_stars,
	project_page, ai_summary, ai_keywords, imported_upvotes, submitted_on, seq`

// cardColumns are the columns a list of search hits shows (a card, the
// API's paper object, a feed entry), as scanCard reads them
// (PaperCardsByID): all but the bibliographic ones (comment, journal
// reference, DOI, report number, licence, submitter), the versions, the
// imported upvotes and the sequence number.
const cardColumns = `id, title, abstract, authors, categories, submitted_at, updated_at, listed_on, withdrawn,
	upvotes, num_comments, submitted_by, org_name, org_fullname, github_repo, github_stars,
	project_page, ai_summary, ai_keywords, submitted_on`

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
	if err := decodeShown(&p, authors, categories, keywords, submitted, updated, listed, orgName, orgFull, picked, withdrawn); err != nil {
		return nil, err
	}
	vs, ok := plainVersions(versions)
	if !ok {
		if err := json.Unmarshal([]byte(versions), &vs); err != nil {
			return nil, fmt.Errorf("paper %s versions: %w", p.ID, err)
		}
	}
	for _, v := range vs {
		p.Versions = append(p.Versions, paperwire.PaperVersion{Version: v.V, Created: parseTime(v.Created)})
	}
	return &p, nil
}

// scanCard reads a row of cardColumns: the paper with the fields a list of
// hits shows, the others zero.
func scanCard(r rowScanner) (*paperwire.Paper, error) {
	var p paperwire.Paper
	var authors, categories, keywords, submitted, updated, listed, orgName, orgFull, picked string
	var withdrawn int
	if err := r.Scan(&p.ID, &p.Title, &p.Abstract, &authors, &categories, &submitted, &updated, &listed, &withdrawn,
		&p.Upvotes, &p.NumComments, &p.SubmittedBy, &orgName, &orgFull, &p.GitHubRepo, &p.GitHubStars,
		&p.ProjectPage, &p.AISummary, &keywords, &picked); err != nil {
		return nil, err
	}
	if err := decodeShown(&p, authors, categories, keywords, submitted, updated, listed, orgName, orgFull, picked, withdrawn); err != nil {
		return nil, err
	}
	return &p, nil
}

// decodeShown sets the fields of p that cards show from their columns' text
// (scanPaper and scanCard).
func decodeShown(p *paperwire.Paper, authors, categories, keywords, submitted, updated, listed, orgName, orgFull, picked string, withdrawn int) error {
	p.Withdrawn = withdrawn != 0
	if err := decodeList(authors, &p.Authors); err != nil {
		return fmt.Errorf("paper %s authors: %w", p.ID, err)
	}
	if err := decodeList(categories, &p.Categories); err != nil {
		return fmt.Errorf("paper %s categories: %w", p.ID, err)
	}
	if err := decodeList(keywords, &p.AIKeywords); err != nil {
		return fmt.Errorf("paper %s ai_keywords: %w", p.ID, err)
	}
	p.Submitted, p.Updated = parseTime(submitted), parseTime(updated)
	p.ListedOn, _ = time.Parse(dayLayout, listed)
	if picked != "" {
		p.SubmittedOn, _ = time.Parse(dayLayout, picked)
	}
	if orgName != "" || orgFull != "" {
		p.Organization = &paperwire.Organization{Name: orgName, Fullname: orgFull}
	}
	return nil
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
	if xs, ok := plainStrings(s); ok {
		*dst = xs
		return nil
	}
	return json.Unmarshal([]byte(s), dst)
}

// plainStrings reads a JSON array of strings none of which holds an escape,
// as encodeList writes most lists (authors, categories), by slicing s;
// ok is false for anything else, which encoding/json then reads. A results
// page reads three lists a paper, and encoding/json's reflection was a
// fifth of reading the papers.
func plainStrings(s string) (xs []string, ok bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	n := strings.Count(body, `","`) + 1
	xs = make([]string, 0, n)
	for {
		if len(body) < 2 || body[0] != '"' {
			return nil, false
		}
		end := strings.IndexByte(body[1:], '"') + 1
		if end == 0 {
			return nil, false
		}
		v := body[1:end]
		if !plainJSON(v) {
			return nil, false
		}
		xs = append(xs, v)
		body = body[end+1:]
		if body == "" {
			return xs, true
		}
		if body[0] != ',' {
			return nil, false
		}
		body = body[1:]
	}
}

// plainVersions reads the versions column as paperArgs writes it,
// [{"v":1,"created":"…"},…] with plain strings, without reflection; ok is
// false for anything else, which encoding/json then reads.
func plainVersions(s string) (vs []versionJSON, ok bool) {
	if s == "[]" {
		return nil, true
	}
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	body := s[1 : len(s)-1]
	vs = make([]versionJSON, 0, strings.Count(body, "},{")+1)
	for {
		rest, found := strings.CutPrefix(body, `{"v":`)
		if !found {
			return nil, false
		}
		i := 0
		for i < len(rest) && i < 9 && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || (i > 1 && rest[0] == '0') {
			return nil, false
		}
		v, _ := strconv.Atoi(rest[:i])
		var created string
		rest = rest[i:]
		if after, found := strings.CutPrefix(rest, `,"created":"`); found {
			end := strings.IndexByte(after, '"')
			if end < 0 || !plainJSON(after[:end]) {
				return nil, false
			}
			created, rest = after[:end], after[end+1:]
		}
		if rest == "" || rest[0] != '}' {
			return nil, false
		}
		vs = append(vs, versionJSON{V: v, Created: created})
		body = rest[1:]
		if body == "" {
			return vs, true
		}
		if body[0] != ',' {
			return nil, false
		}
		body = body[1:]
	}
}

// plainJSON says whether v, found between quotes, is a JSON string's text
// as it stands: no escape, no control character, valid UTF-8.
func plainJSON(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c == '\\' || c < 0x20 {
			return false
		}
	}
	return utf8.ValidString(v)
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

package ingest

import (
	"path/filepath"
	"strings"
	"time"
)

// dailyLine is one line of a daily listing crawl (arxiv-daily/YYYY-MM-DD.jsonl):
// the papers announced on the arXiv listing pages that day.
type dailyLine struct {
	ID         string      `json:"id"`
	Categories flexStrings `json:"categories"`
	Authors    flexStrings `json:"authors"`
	Title      string      `json:"title"`
	Comment    string      `json:"comment"`
	Summary    string      `json:"summary"`
}

// parseDaily parses one crawl line. The crawl has no per-record date: the
// listing day comes from the file name or the --date override.
func parseDaily(line []byte, ps *parseState) (*Record, error) {
	var d dailyLine
	if err := decodeJSON(line, &d); err != nil {
		return nil, skipf(ReasonMalformed, "%v", err)
	}
	r := &Record{}
	r.ID, r.Title, r.Abstract, r.Comment = d.ID, d.Title, d.Summary, d.Comment
	r.Categories = d.Categories
	if len(d.Authors) == 1 && strings.Contains(d.Authors[0], ",") {
		r.AuthorString = d.Authors[0] // one string holding the whole list
	} else {
		r.Authors = d.Authors
	}
	r.ListedOn = ps.listedOn
	return r, nil
}

// dayFromFileName reads the listing day from a crawl file name such as
// "2025-03-18.jsonl.gz"; ok is false when the name carries no date.
func dayFromFileName(name string) (time.Time, bool) {
	base := filepath.Base(name)
	if len(base) < len("2006-01-02") {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", base[:10])
	if err != nil || len(base) > 10 && base[10] != '.' {
		return time.Time{}, false
	}
	return t, true
}

package ingest

import (
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

// snapshotLine is one line of arXiv's bulk metadata snapshot (the Kaggle
// "arxiv-metadata-oai-snapshot" JSONL).
type snapshotLine struct {
	ID         string      `json:"id"`
	Submitter  string      `json:"submitter"`
	Authors    string      `json:"authors"`
	Title      string      `json:"title"`
	Comments   string      `json:"comments"`
	JournalRef string      `json:"journal-ref"`
	DOI        string      `json:"doi"`
	ReportNo   string      `json:"report-no"`
	Categories flexStrings `json:"categories"`
	License    string      `json:"license"`
	Abstract   string      `json:"abstract"`
	Versions   []struct {
		Version string `json:"version"`
		Created string `json:"created"`
	} `json:"versions"`
	UpdateDate    string      `json:"update_date"`
	AuthorsParsed parsedNames `json:"authors_parsed"`
}

// parseSnapshot parses one snapshot line into a Record. The snapshot has no
// announcement date, so the listing day is the override when given, else
// Normalize's default (the first version's day).
func parseSnapshot(line []byte, ps *parseState) (*Record, error) {
	var s snapshotLine
	if err := decodeJSON(line, &s); err != nil {
		return nil, skipf(ReasonMalformed, "%v", err)
	}
	// authors_parsed arrives as names already (see parsedNames); they win
	// over the TeX-laden author string.
	r := &Record{AuthorString: s.Authors}
	r.Authors = s.AuthorsParsed
	r.ID, r.Title, r.Abstract = s.ID, s.Title, s.Abstract
	r.Submitter, r.Comment, r.JournalRef, r.DOI, r.ReportNo, r.License =
		s.Submitter, s.Comments, s.JournalRef, s.DOI, s.ReportNo, s.License
	r.Categories = s.Categories
	r.ListedOn = ps.listedOn
	for _, v := range s.Versions {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(v.Version), "v"))
		if err != nil {
			return nil, skipf(ReasonMalformed, "version %q of paper %s", clip(v.Version, 20), clip(s.ID, 40))
		}
		created, err := parseDate("version date", v.Created)
		if err != nil {
			return nil, err
		}
		r.Versions = append(r.Versions, paperwire.PaperVersion{Version: n, Created: created})
	}
	if _, err := parseDate("update_date", s.UpdateDate); err != nil {
		return nil, err
	}
	return r, nil
}

package arxiv

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// arXivMeta is the arXiv metadata format (http://arxiv.org/OAI/arXiv/):
// structured authors, but only the first and latest version dates.
type arXivMeta struct {
	ID      string `xml:"id"`
	Created string `xml:"created"`
	Updated string `xml:"updated"`
	Authors []struct {
		Keyname   string `xml:"keyname"`
		Forenames string `xml:"forenames"`
		Suffix    string `xml:"suffix"`
	} `xml:"authors>author"`
	Title      string `xml:"title"`
	Categories string `xml:"categories"`
	Comments   string `xml:"comments"`
	ReportNo   string `xml:"report-no"`
	JournalRef string `xml:"journal-ref"`
	DOI        string `xml:"doi"`
	License    string `xml:"license"`
	Abstract   string `xml:"abstract"`
}

// arXivRawMeta is the arXivRaw metadata format (http://arxiv.org/OAI/arXivRaw/):
// the submitter and every version with its date, but authors as one string.
type arXivRawMeta struct {
	ID        string `xml:"id"`
	Submitter string `xml:"submitter"`
	Versions  []struct {
		Version string `xml:"version,attr"`
		Date    string `xml:"date"`
		Size    string `xml:"size"`
	} `xml:"version"`
	Title      string `xml:"title"`
	Authors    string `xml:"authors"`
	Categories string `xml:"categories"`
	Comments   string `xml:"comments"`
	ReportNo   string `xml:"report-no"`
	JournalRef string `xml:"journal-ref"`
	DOI        string `xml:"doi"`
	License    string `xml:"license"`
	Abstract   string `xml:"abstract"`
}

// paper converts one record, or says why it cannot be used. limit is the
// latest plausible date (the response's date plus a margin).
func (r *oaiRecord) paper(limit time.Time) (*paperwire.Paper, error) {
	header := clean(r.Header.Identifier)
	if r.Header.Status == "deleted" {
		id, _, err := paperwire.ParseArxivID(header)
		if err != nil {
			return nil, fmt.Errorf("deleted record with bad identifier: %s", paperwire.ErrorMessage(err))
		}
		return &paperwire.Paper{ID: id, Withdrawn: true}, nil
	}
	var (
		p   *paperwire.Paper
		err error
	)
	switch {
	case r.Metadata.ArXiv != nil:
		p, err = r.Metadata.ArXiv.paper(limit)
	case r.Metadata.ArXivRaw != nil:
		p, err = r.Metadata.ArXivRaw.paper(limit)
	default:
		return nil, errors.New("no arXiv or arXivRaw metadata")
	}
	if err != nil {
		return nil, err
	}
	if p.ID == "" { // metadata without an <id>: fall back on the header
		if p.ID, _, err = paperwire.ParseArxivID(header); err != nil {
			return nil, fmt.Errorf("bad identifier: %s", paperwire.ErrorMessage(err))
		}
	}
	return p, nil
}

// recordID parses a metadata <id>, "" when absent.
func recordID(s string) (string, error) {
	s = clean(s)
	if s == "" {
		return "", nil
	}
	id, _, err := paperwire.ParseArxivID(s)
	if err != nil {
		return "", fmt.Errorf("bad id: %s", paperwire.ErrorMessage(err))
	}
	return id, nil
}

func (m *arXivMeta) paper(limit time.Time) (*paperwire.Paper, error) {
	id, err := recordID(m.ID)
	if err != nil {
		return nil, err
	}
	p := &paperwire.Paper{
		ID:         id,
		Title:      clean(m.Title),
		Abstract:   clean(m.Abstract),
		Categories: splitCategories(m.Categories),
		Comment:    clean(m.Comments),
		JournalRef: clean(m.JournalRef),
		DOI:        clean(m.DOI),
		ReportNo:   clean(m.ReportNo),
		License:    clean(m.License),
	}
	if p.Title == "" {
		return nil, errors.New("missing title")
	}
	for _, a := range m.Authors {
		if name := clean(a.Forenames + " " + a.Keyname + " " + a.Suffix); name != "" {
			p.Authors = append(p.Authors, name)
		}
	}
	created, err := parseDay(m.Created)
	if err != nil || !plausible(created, limit) {
		return nil, fmt.Errorf("bad created date %q", clip(m.Created))
	}
	p.Submitted, p.Updated = created, created
	if u := strings.TrimSpace(m.Updated); u != "" {
		updated, err := parseDay(u)
		if err != nil || !plausible(updated, limit) || updated.Before(created) {
			return nil, fmt.Errorf("bad updated date %q", clip(m.Updated))
		}
		p.Updated = updated
	}
	// The arXiv format names the first version's date only; later versions
	// are known by date (Updated), not by number, so only v1 is recorded.
	p.Versions = []paperwire.PaperVersion{{Version: 1, Created: created}}
	p.ListedOn = AnnouncementDay(created)
	p.Withdrawn = withdrawnComment(p.Comment)
	return p, nil
}

// rawDateLayouts are the version dates arXivRaw uses ("Mon, 2 Apr 2007 19:18:42 GMT").
var rawDateLayouts = []string{"Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006"}

func parseRawDate(s string) (time.Time, error) {
	s = clean(s)
	for _, l := range rawDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad version date %q", clip(s))
}

func (m *arXivRawMeta) paper(limit time.Time) (*paperwire.Paper, error) {
	id, err := recordID(m.ID)
	if err != nil {
		return nil, err
	}
	p := &paperwire.Paper{
		ID:         id,
		Title:      clean(m.Title),
		Abstract:   clean(m.Abstract),
		Authors:    splitAuthors(m.Authors),
		Categories: splitCategories(m.Categories),
		Comment:    clean(m.Comments),
		JournalRef: clean(m.JournalRef),
		DOI:        clean(m.DOI),
		ReportNo:   clean(m.ReportNo),
		License:    clean(m.License),
		Submitter:  clean(m.Submitter),
	}
	if p.Title == "" {
		return nil, errors.New("missing title")
	}
	seen := map[int]bool{}
	for _, v := range m.Versions {
		n, err := strconv.Atoi(strings.TrimPrefix(clean(v.Version), "v"))
		if err != nil || n < 1 || n > 999 {
			return nil, fmt.Errorf("bad version %q", clip(v.Version))
		}
		t, err := parseRawDate(v.Date)
		if err != nil {
			return nil, err
		}
		if !plausible(t, limit) {
			return nil, fmt.Errorf("bad version date %q", clip(v.Date))
		}
		if !seen[n] {
			seen[n] = true
			p.Versions = append(p.Versions, paperwire.PaperVersion{Version: n, Created: t})
		}
	}
	if len(p.Versions) == 0 {
		return nil, errors.New("no versions")
	}
	sort.Slice(p.Versions, func(i, j int) bool { return p.Versions[i].Version < p.Versions[j].Version })
	p.Submitted = p.Versions[0].Created
	p.Updated = p.Versions[len(p.Versions)-1].Created
	p.ListedOn = AnnouncementDay(p.Submitted)
	p.Withdrawn = withdrawnComment(p.Comment)
	return p, nil
}

// clip keeps a quoted value in a message short.
func clip(s string) string {
	s = clean(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

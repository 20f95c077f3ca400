package arxiv

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Feed is one page of Atom API results.
type Feed struct {
	TotalResults int // matches in all pages
	StartIndex   int
	ItemsPerPage int
	Papers       []*paperwire.Paper
	Skipped      []Skip
	// Errors holds arXiv's error entries (an entry whose id is
	// …/api/errors#…): their summaries, e.g. "incorrect id format for abc".
	Errors []string
}

type atomFeed struct {
	XMLName      xml.Name    `xml:"feed"`
	TotalResults string      `xml:"totalResults"`
	StartIndex   string      `xml:"startIndex"`
	ItemsPerPage string      `xml:"itemsPerPage"`
	Entries      []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID        string `xml:"id"`
	Title     string `xml:"title"`
	Summary   string `xml:"summary"`
	Published string `xml:"published"`
	Updated   string `xml:"updated"`
	Authors   []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"category"`
	Primary struct {
		Term string `xml:"term,attr"`
	} `xml:"primary_category"`
	Comment    string `xml:"comment"`
	JournalRef string `xml:"journal_ref"`
	DOI        string `xml:"doi"`
}

// ParseFeed parses an Atom API response. Error entries are collected in
// Feed.Errors; malformed entries are skipped and listed in Feed.Skipped.
// A body that is not an Atom feed at all is an error.
func ParseFeed(data []byte) (*Feed, error) {
	var af atomFeed
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	if err := dec.Decode(&af); err != nil {
		return nil, fmt.Errorf("parsing Atom feed: %w", err)
	}
	f := &Feed{
		TotalResults: atoiOr(af.TotalResults, -1),
		StartIndex:   atoiOr(af.StartIndex, 0),
		ItemsPerPage: atoiOr(af.ItemsPerPage, 0),
	}
	if f.TotalResults < 0 {
		return nil, errors.New("parsing Atom feed: no opensearch:totalResults: not an arXiv API response")
	}
	limit := time.Now().UTC().Add(48 * time.Hour)
	for i := range af.Entries {
		e := &af.Entries[i]
		if strings.Contains(e.ID, "/api/errors") {
			msg := clean(e.Summary)
			if msg == "" {
				msg = clean(e.ID[strings.LastIndex(e.ID, "#")+1:])
			}
			f.Errors = append(f.Errors, msg)
			continue
		}
		p, err := e.paper(limit)
		if err != nil {
			f.Skipped = append(f.Skipped, Skip{Position: i + 1, ID: clip(e.ID), Reason: err.Error()})
			continue
		}
		f.Papers = append(f.Papers, p)
	}
	return f, nil
}

func (e *atomEntry) paper(limit time.Time) (*paperwire.Paper, error) {
	id, version, err := paperwire.ParseArxivID(clean(e.ID))
	if err != nil {
		return nil, fmt.Errorf("bad id: %s", paperwire.ErrorMessage(err))
	}
	p := &paperwire.Paper{
		ID:         id,
		Title:      clean(e.Title),
		Abstract:   clean(e.Summary),
		Comment:    clean(e.Comment),
		JournalRef: clean(e.JournalRef),
		DOI:        clean(e.DOI),
	}
	if p.Title == "" {
		return nil, errors.New("missing title")
	}
	for _, a := range e.Authors {
		if n := clean(a.Name); n != "" {
			p.Authors = append(p.Authors, n)
		}
	}
	cats := clean(e.Primary.Term)
	for _, c := range e.Categories {
		cats += " " + clean(c.Term)
	}
	p.Categories = splitCategories(cats)
	published, err := time.Parse(time.RFC3339, clean(e.Published))
	if err != nil || !plausible(published, limit) {
		return nil, fmt.Errorf("bad published date %q", clip(e.Published))
	}
	updated, err := time.Parse(time.RFC3339, clean(e.Updated))
	if err != nil || !plausible(updated, limit) || updated.Before(published) {
		return nil, fmt.Errorf("bad updated date %q", clip(e.Updated))
	}
	p.Submitted, p.Updated = published.UTC(), updated.UTC()
	// <published> is v1's date and <updated> the date of the version the id names.
	p.Versions = []paperwire.PaperVersion{{Version: 1, Created: p.Submitted}}
	if version > 1 {
		p.Versions = append(p.Versions, paperwire.PaperVersion{Version: version, Created: p.Updated})
	}
	p.ListedOn = AnnouncementDay(p.Submitted)
	p.Withdrawn = withdrawnComment(p.Comment)
	return p, nil
}

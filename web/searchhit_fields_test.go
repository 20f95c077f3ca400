package web

import (
	"encoding/xml"
	"reflect"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

// TestSearchHitsNeedOnlyCardFields checks that everything a search hit is
// shown as (a results page card, the search API's paper object, an Atom and
// an RSS feed entry) reads none of the fields the store leaves zero in
// search hits (store.PaperCardsByID): a paper without them renders the same.
func TestSearchHitsNeedOnlyCardFields(t *testing.T) {
	day := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
	full := &paperwire.Paper{
		ID: "2603.01234", Title: "A <title>", Abstract: "An abstract & more.", Authors: []string{"A. Author", "B. Author"},
		Categories: []string{"cs.CL", "cs.LG"}, Comment: "12 pages", JournalRef: "J. Test 1", DOI: "10.1/x",
		ReportNo: "R-1", License: "cc-by", Submitter: "Sub Mitter",
		Versions:  []paperwire.PaperVersion{{Version: 1, Created: day.Add(-48 * time.Hour)}, {Version: 2, Created: day.Add(24 * time.Hour)}},
		Submitted: day.Add(-48 * time.Hour), Updated: day.Add(24 * time.Hour), ListedOn: day,
		Upvotes: 9, ImportedUpvotes: 4, NumComments: 2, SubmittedBy: "someone", SubmittedOn: day,
		Organization: &paperwire.Organization{Name: "org", Fullname: "Org"}, GitHubRepo: "https://github.com/x/y",
		GitHubStars: 5, ProjectPage: "https://x.y", AISummary: "summary", AIKeywords: []string{"k"}, Seq: 42,
	}
	card := *full
	card.Comment, card.JournalRef, card.DOI, card.ReportNo, card.License, card.Submitter = "", "", "", "", "", ""
	card.Versions, card.ImportedUpvotes, card.Seq = nil, 0, 0

	if a, b := cardOf(full), cardOf(&card); !reflect.DeepEqual(a, b) {
		t.Errorf("card differs:\n%+v\n%+v", a, b)
	}
	fullJSON := apiDailyPapers{apiDailyPaperOf(full, false)}.appendJSON(nil)
	cardJSON := apiDailyPapers{apiDailyPaperOf(&card, false)}.appendJSON(nil)
	if string(fullJSON) != string(cardJSON) {
		t.Errorf("API object differs:\n%s\n%s", fullJSON, cardJSON)
	}
	feed := func(p *paperwire.Paper) (string, string) {
		d := &feedDoc{Title: "Search: x", Page: "/search", Query: "?q=x", Papers: []*paperwire.Paper{p}}
		atom, err := xml.Marshal(atomOf(d, "https://example.org"))
		if err != nil {
			t.Fatal(err)
		}
		rss, err := xml.Marshal(rssOf(d, "https://example.org"))
		if err != nil {
			t.Fatal(err)
		}
		return string(atom), string(rss)
	}
	fa, fr := feed(full)
	ca, cr := feed(&card)
	if fa != ca || fr != cr {
		t.Errorf("feed entry differs:\n%s\n%s\n%s\n%s", fa, ca, fr, cr)
	}
}

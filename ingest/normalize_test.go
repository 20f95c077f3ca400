package ingest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

var testNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

func TestSplitAuthors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Ileana Streinu and Louis Theran", []string{"Ileana Streinu", "Louis Theran"}},
		{"A. Smith, B. Jones, and C. Doe", []string{"A. Smith", "B. Jones", "C. Doe"}},
		{"John Smith, Jr., Jane Doe", []string{"John Smith Jr.", "Jane Doe"}},
		{"John Smith Jr. and Jane Doe", []string{"John Smith Jr.", "Jane Doe"}},
		{"R. Smith, III and K. Roe", []string{"R. Smith III", "K. Roe"}},
		{"J. Q. Physicist (Univ. of Somewhere, USA), R. Smith Jr. and A. N. Other",
			[]string{"J. Q. Physicist", "R. Smith Jr.", "A. N. Other"}},
		{"A. Alexandrov ((1) MIT, (2) Harvard) and\n  B. Brandt", []string{"A. Alexandrov", "B. Brandt"}},
		{"Tom & Jerry; Mickey Mouse", []string{"Tom", "Jerry", "Mickey Mouse"}},
		{"Alexander Anderson", []string{"Alexander Anderson"}}, // "and" inside a word is no separator
		{"  , ,and , ", nil},
	}
	for _, tt := range tests {
		if got := SplitAuthors(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  one line  ", "one line"},
		{"  First line\nwraps here.\n  Second paragraph\nwraps too.\n", "First line wraps here.\nSecond paragraph wraps too."},
		{"a\r\n\r\nb", "a\nb"},
		{"a\r\nb\rc", "a b c"},
		{"a\n \t\nb", "a\nb"},
		{"\n\n  lead\n", "lead"},
		{"tab\tand\x00nul", "tab and nul"},
		{"x\n\n\n\ny", "x\ny"},
	}
	for _, tt := range tests {
		if got := cleanParagraphs(tt.in); got != tt.want {
			t.Errorf("cleanParagraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"clean title":        "clean title",
		" lead":              "lead",
		"trail ":             "trail",
		"a\n  b":             "a b",
		"Über  Größe\u00a0x": "Über Größe x",
		"zero\u200bwidth":    "zero width",
		"ok é":               "ok é",
	} {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	r := &Record{AuthorString: "ignored when parsed names exist",
		AuthorsParsed: [][]string{{"Yuan", "C. -P.", ""}, {"Smith", "R.", "Jr"}, {"", "", ""}}}
	r.ID = "arXiv:2410.12345v3"
	r.Title = "  A  Title\n  continued "
	r.Abstract = "  Para one\nline two.\n  Para two.\n"
	r.Categories = []string{"cs.CL cs.AI", "cs.CL", "cs.LG"}
	r.Versions = []paperwire.PaperVersion{{Version: 2, Created: time.Date(2024, 10, 20, 9, 0, 0, 0, time.UTC)},
		{Version: 1, Created: time.Date(2024, 10, 16, 23, 30, 0, 0, time.UTC)}}
	r.Organization = &paperwire.Organization{Name: " "}
	r.Upvotes = -3
	p, err := Normalize(r, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := &paperwire.Paper{
		ID: "2410.12345", Title: "A Title continued", Abstract: "Para one line two.\nPara two.",
		Authors:    []string{"C.-P. Yuan", "R. Smith Jr"},
		Categories: []string{"cs.CL", "cs.AI", "cs.LG"},
		Versions: []paperwire.PaperVersion{{Version: 1, Created: time.Date(2024, 10, 16, 23, 30, 0, 0, time.UTC)},
			{Version: 2, Created: time.Date(2024, 10, 20, 9, 0, 0, 0, time.UTC)}, {Version: 3}},
		Submitted: time.Date(2024, 10, 16, 23, 30, 0, 0, time.UTC),
		Updated:   time.Date(2024, 10, 20, 9, 0, 0, 0, time.UTC),
		ListedOn:  day("2024-10-16"),
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Normalize:\n got %+v\nwant %+v", p, want)
	}
	if r.ID != "arXiv:2410.12345v3" {
		t.Errorf("Normalize modified its input: id %q", r.ID)
	}
}

func TestNormalizeRejects(t *testing.T) {
	rec := func(id, title string, mod func(*Record)) *Record {
		r := &Record{}
		r.ID, r.Title = id, title
		if mod != nil {
			mod(r)
		}
		return r
	}
	tests := []struct {
		name   string
		r      *Record
		reason string
	}{
		{"no id", rec(" ", "T", nil), ReasonMissingID},
		{"bad id", rec("not-an-id", "T", nil), ReasonInvalidID},
		{"no title", rec("2410.12345", " \n ", nil), ReasonMissingTitle},
		{"year 1807", rec("2410.12345", "T", func(r *Record) {
			r.Versions = []paperwire.PaperVersion{{Version: 1, Created: time.Date(1807, 4, 2, 0, 0, 0, 0, time.UTC)}}
		}), ReasonAbsurdDate},
		{"far future listing", rec("2410.12345", "T", func(r *Record) { r.ListedOn = testNow.AddDate(3, 0, 0) }), ReasonAbsurdDate},
		{"version 0", rec("2410.12345", "T", func(r *Record) { r.Versions = []paperwire.PaperVersion{{Version: 0}} }), ReasonMalformed},
	}
	for _, tt := range tests {
		_, err := Normalize(tt.r, testNow)
		var re *RecordError
		if !errors.As(err, &re) || re.Reason != tt.reason {
			t.Errorf("%s: err = %v, want reason %q", tt.name, err, tt.reason)
		}
	}
}

func TestWithdrawn(t *testing.T) {
	r := &Record{}
	r.ID, r.Title, r.Comment = "math/0309136", "Knots", "This paper has been withdrawn by the author"
	if p, err := Normalize(r, testNow); err != nil || !p.Withdrawn {
		t.Errorf("withdrawal comment: withdrawn=%v err=%v", p != nil && p.Withdrawn, err)
	}
	r.Comment, r.Abstract = "", "We study when a drug is withdrawn from the market."
	if p, err := Normalize(r, testNow); err != nil || p.Withdrawn {
		t.Errorf("abstract mentioning withdrawal marked withdrawn (err %v)", err)
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		head string
		want Format
	}{
		{`{"id":"0704.0001","submitter":"x","authors":"a","title":"t"}` + "\n", FormatSnapshot},
		{`{"id": "2503.11731", "pdf": "p", "abs": "a", "authors": ["x"], "title": "t", "categories": ["cs.CV"], "comment": null, "summary": "s"}`, FormatDaily},
		{"\ufeff  [ {\"paper\": {\"id\": \"2410.17243\"}, \"title\": \"t\"} ]", FormatHF},
		{"[]", FormatHF},
		{`{"paper":{"id":"2410.17243"},"publishedAt":"2024-10-25T00:57:09.392Z"}` + "\n", FormatHFLines},
		{"garbage line\n" + `{"id":"0704.0001","versions":[]}` + "\n", ""}, // only lines that start like objects are tried
		{`{broken` + "\n" + `{"id":"0704.0001","versions":[]}` + "\n", FormatSnapshot},
		{"<html><body>502 Bad Gateway</body></html>", ""},
		{`[{"_id": "x"}]`, ""},
		{`{"id": "x", "name": "y"}`, ""},
	}
	for _, tt := range tests {
		got, err := DetectFormat([]byte(tt.head))
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("DetectFormat(%.40q) = %q, %v; want %q", tt.head, got, err, tt.want)
		}
	}
	if _, err := DetectFormat([]byte(" \n\t")); !errors.Is(err, errEmpty) {
		t.Errorf("blank input: err = %v, want errEmpty", err)
	}
}

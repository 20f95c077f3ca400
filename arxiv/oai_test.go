package arxiv

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

const (
	rec503   = "oaipmh/paperhive_listrecords_should_list_identifiers_from_arxiv_req0_503.html"
	rec200   = "oaipmh/paperhive_listrecords_should_list_identifiers_from_arxiv_req1_200.xml"
	page1    = "oaipmh/constructed_listrecords_arXiv_page1.xml"
	page2    = "oaipmh/constructed_listrecords_arXiv_page2.xml"
	page3    = "oaipmh/constructed_listrecords_arXiv_page3.xml"
	rawPage  = "oaipmh/constructed_listrecords_arXivRaw.xml"
	identify = "oaipmh/paperhive_identify_should_identify_arxiv_200.xml"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// collect runs ListRecords and returns every page.
func collect(t *testing.T, c *OAIClient, req ListRequest) ([]*Page, error) {
	t.Helper()
	var pages []*Page
	err := c.ListRecords(context.Background(), req, func(p *Page) error {
		pages = append(pages, p)
		return nil
	})
	return pages, err
}

// The recorded sequence: arXiv answers 503 with Retry-After: 10, then the page.
func TestListRecords503RetryAfterThen200(t *testing.T) {
	srv := newReplay(t,
		step{status: 503, header: map[string]string{"Retry-After": "10", "Content-Type": "text/html"}, file: rec503,
			query: map[string]string{"verb": "ListRecords", "metadataPrefix": "arXiv", "from": "2015-01-01", "until": "2015-01-03"}},
		step{file: rec200, query: map[string]string{"verb": "ListRecords", "metadataPrefix": "arXiv", "from": "2015-01-01", "until": "2015-01-03"}},
	)
	var s sleeps
	c := NewOAIClient(srv.srv.URL+"/oai2", testOptions(&s))
	pages, err := collect(t, c, ListRequest{From: day("2015-01-01"), Until: day("2015-01-03")})
	if err != nil {
		t.Fatal(err)
	}
	srv.done()
	if got := s.waits(time.Second); !reflect.DeepEqual(got, []time.Duration{10 * time.Second}) {
		t.Errorf("waits = %v, want exactly the 10 s Retry-After", got)
	}
	if len(pages) != 1 || len(pages[0].Papers) != 2 || len(pages[0].Skipped) != 0 || pages[0].Token != "" {
		t.Fatalf("pages = %+v", pages)
	}
	p := pages[0].Papers[0]
	want := &paperwire.Paper{
		ID:         "1412.8544",
		Title:      "A Kochen-Specker system has at least 22 vectors (extended abstract)",
		Authors:    []string{"Sander Uijlen", "Bas Westerbaan"},
		Categories: []string{"cs.DM"},
		Comment:    "In Proceedings QPL 2014, arXiv:1412.8102",
		JournalRef: "EPTCS 172, 2014, pp. 154-164",
		DOI:        "10.4204/EPTCS.172.11",
		License:    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
		Versions:   []paperwire.PaperVersion{{Version: 1, Created: day("2014-12-29")}},
		Submitted:  day("2014-12-29"),
		Updated:    day("2014-12-29"),
		ListedOn:   day("2014-12-30"),
	}
	if !strings.HasPrefix(p.Abstract, "At the heart of the Conway-Kochen Free Will theorem and Kochen and Specker's argument against") ||
		!strings.HasSuffix(p.Abstract, "to improve the lower bound to 22.") || strings.Contains(p.Abstract, "\n") {
		t.Errorf("abstract = %q", p.Abstract)
	}
	p.Abstract = ""
	if !reflect.DeepEqual(p, want) {
		t.Errorf("paper =\n%+v\nwant\n%+v", p, want)
	}
	q := pages[0].Papers[1]
	if q.ID != "hep-th/9504118" || q.ReportNo != "GOET-TP 101/95" || !reflect.DeepEqual(q.Authors, []string{"M. Requardt"}) ||
		!strings.Contains(q.Abstract, `the "strength" of the bonds`) || pages[0].MaxDatestamp != "2015-01-03" {
		t.Errorf("second paper = %+v, max datestamp %q", q, pages[0].MaxDatestamp)
	}
	for i, r := range srv.reqs {
		if ua := r.Header.Get("User-Agent"); ua != paperwire.UserAgent() {
			t.Errorf("request %d User-Agent = %q", i, ua)
		}
	}
}

// Three pages linked by resumption tokens, with a deleted record and two
// malformed ones on the second page.
func TestListRecordsResumptionTokens(t *testing.T) {
	srv := newReplay(t,
		step{file: page1, query: map[string]string{"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs", "from": "2015-01-01"}},
		step{file: page2, query: map[string]string{"verb": "ListRecords", "resumptionToken": "6960524|1001", "metadataPrefix": ""}},
		step{file: page3, query: map[string]string{"verb": "ListRecords", "resumptionToken": "6960524|2001", "set": ""}},
	)
	var s sleeps
	c := NewOAIClient(srv.srv.URL, testOptions(&s))
	pages, err := collect(t, c, ListRequest{Set: "cs", From: day("2015-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	srv.done()
	type summary struct {
		Number, Papers, Skipped, Records, Deleted int
		Token, MaxDatestamp                       string
		Cursor, Size                              int
	}
	var got []summary
	for _, p := range pages {
		got = append(got, summary{p.Number, len(p.Papers), len(p.Skipped), p.Records, p.Deleted, p.Token, p.MaxDatestamp, p.Cursor, p.CompleteListSize})
	}
	want := []summary{
		{1, 2, 0, 2, 0, "6960524|1001", "2015-01-03", 0, 6},
		{2, 2, 2, 4, 1, "6960524|2001", "2015-01-03", 2, 6},
		{3, 1, 0, 1, 0, "", "2015-01-04", 5, 6},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pages =\n%+v\nwant\n%+v", got, want)
	}
	p2 := pages[1]
	if p := p2.Papers[0]; p.ID != "1605.08386" || !reflect.DeepEqual(p.Categories, []string{"math.CO", "math.ST", "stat.TH"}) ||
		!reflect.DeepEqual(p.Authors, []string{"Caprice Stanley", "Tobias Windisch"}) || p.Withdrawn {
		t.Errorf("paper = %+v", p)
	}
	if p := p2.Papers[1]; !reflect.DeepEqual(p, &paperwire.Paper{ID: "1208.0264", Withdrawn: true}) {
		t.Errorf("deleted record = %+v", p)
	}
	wantSkips := []Skip{
		{Position: 3, ID: "oai:arXiv.org:1501.00001", Reason: "missing title"},
		{Position: 4, ID: "oai:arXiv.org:1501.00002", Reason: `bad created date "2915-01-01"`},
	}
	if !reflect.DeepEqual(p2.Skipped, wantSkips) {
		t.Errorf("skipped = %+v", p2.Skipped)
	}
	p := pages[2].Papers[0]
	if p.ID != "astro-ph/0601001" || len(p.Authors) != 4 || p.Authors[2] != "B. Scott Gaudi" ||
		p.Title != "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina" ||
		!p.Updated.Equal(day("2006-03-14")) || !p.Submitted.Equal(day("2006-01-02")) || !p.ListedOn.Equal(day("2006-01-03")) {
		t.Errorf("paper = %+v", p)
	}
}

func TestListRecordsNoRecordsMatchIsEmpty(t *testing.T) {
	srv := newReplay(t, step{file: "oaipmh/constructed_noRecordsMatch.xml"})
	var s sleeps
	pages, err := collect(t, NewOAIClient(srv.srv.URL, testOptions(&s)), ListRequest{From: day("2030-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || len(pages[0].Papers) != 0 || pages[0].Records != 0 || pages[0].Token != "" {
		t.Fatalf("pages = %+v", pages)
	}
}

func TestListRecordsOAIErrors(t *testing.T) {
	for _, tc := range []struct {
		file, code, pwcode string
	}{
		{"oaipmh/constructed_badResumptionToken.xml", "badResumptionToken", paperwire.EINVALID},
		{"oaipmh/constructed_badArgument.xml", "badArgument", paperwire.EINVALID},
	} {
		srv := newReplay(t, step{file: tc.file})
		var s sleeps
		_, err := collect(t, NewOAIClient(srv.srv.URL, testOptions(&s)), ListRequest{Token: "x"})
		var oe *OAIError
		if !errors.As(err, &oe) || oe.Code != tc.code || paperwire.ErrorCode(err) != tc.pwcode {
			t.Errorf("%s: err = %v (code %s)", tc.file, err, paperwire.ErrorCode(err))
		}
		srv.done() // OAI errors are answers, not failures: no retry
	}
}

// Connection resets, truncated bodies and HTML error pages are retried;
// the page that finally arrives is complete.
func TestListRecordsSurvivesFaults(t *testing.T) {
	var s sleeps
	o := testOptions(&s)
	o.MaxRetries = 4
	srv := newReplay(t,
		step{fault: "reset"},
		step{file: rec200, fault: "truncate"},
		step{file: rec200, fault: "cut"},
		step{status: 200, header: map[string]string{"Content-Type": "text/html"}, body: "<html><body><h1>Bad Gateway</h1></body></html>"},
		step{file: rec200},
	)
	pages, err := collect(t, NewOAIClient(srv.srv.URL, o), ListRequest{})
	if err != nil {
		t.Fatal(err)
	}
	srv.done()
	if len(pages) != 1 || len(pages[0].Papers) != 2 {
		t.Fatalf("pages = %+v", pages)
	}
	// Exponential backoff: 100 ms, 200 ms, 400 ms, 800 ms.
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}
	if got := s.waits(50 * time.Millisecond); !reflect.DeepEqual(got, want) {
		t.Errorf("backoff waits = %v, want %v", got, want)
	}
}

// A body that stays truncated (chunked or not) fails after the retries with a clear error.
func TestListRecordsGivesUp(t *testing.T) {
	html := "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>Maintenance</body></html>"
	srv := newReplay(t,
		step{body: html, header: map[string]string{"Content-Type": "text/plain"}},
		step{body: html, header: map[string]string{"Content-Type": "text/plain"}},
		step{body: html, header: map[string]string{"Content-Type": "text/plain"}},
		step{body: html, header: map[string]string{"Content-Type": "text/plain"}},
	)
	var s sleeps
	_, err := collect(t, NewOAIClient(srv.srv.URL, testOptions(&s)), ListRequest{})
	srv.done()
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") || !strings.Contains(err.Error(), "HTML page") ||
		!strings.Contains(err.Error(), "Service Unavailable Maintenance") {
		t.Fatalf("err = %v", err)
	}
}

func TestListRecordsRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	srv := newReplay(t,
		step{status: 503, header: map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, body: "busy"},
		step{file: "oaipmh/constructed_noRecordsMatch.xml"},
	)
	var s sleeps
	o := testOptions(&s)
	o.Now = func() time.Time { return now }
	if _, err := collect(t, NewOAIClient(srv.srv.URL, o), ListRequest{}); err != nil {
		t.Fatal(err)
	}
	if got := s.waits(time.Second); !reflect.DeepEqual(got, []time.Duration{90 * time.Second}) {
		t.Errorf("waits = %v", got)
	}
}

func TestListRecordsArXivRaw(t *testing.T) {
	srv := newReplay(t, step{file: rawPage, query: map[string]string{"metadataPrefix": "arXivRaw"}})
	var s sleeps
	pages, err := collect(t, NewOAIClient(srv.srv.URL, testOptions(&s)), ListRequest{Format: FormatArXivRaw})
	if err != nil {
		t.Fatal(err)
	}
	pg := pages[0]
	if len(pg.Papers) != 2 || !reflect.DeepEqual(pg.Skipped, []Skip{{Position: 3, ID: "oai:arXiv.org:1605.08386", Reason: `bad version date "sometime in May"`}}) {
		t.Fatalf("page = %+v", pg)
	}
	p := pg.Papers[0]
	v1 := time.Date(2014, 12, 29, 4, 32, 37, 0, time.UTC)
	v2 := time.Date(2015, 1, 2, 19, 5, 11, 0, time.UTC)
	if !reflect.DeepEqual(p.Versions, []paperwire.PaperVersion{{Version: 1, Created: v1}, {Version: 2, Created: v2}}) || !p.Submitted.Equal(v1) || !p.Updated.Equal(v2) ||
		!reflect.DeepEqual(p.Authors, []string{"Sander Uijlen", "Bas Westerbaan"}) || p.Submitter != "EPTCS" ||
		!reflect.DeepEqual(p.Categories, []string{"cs.DM", "quant-ph"}) || p.LatestVersion() != 2 {
		t.Errorf("paper = %+v", p)
	}
	if p := pg.Papers[1]; p.ID != "hep-th/9504118" || !reflect.DeepEqual(p.Authors, []string{"M. Requardt"}) || p.Submitter != "Manfred Requardt" {
		t.Errorf("paper = %+v", p)
	}
}

func TestListRecordsRejectsUnknownFormat(t *testing.T) {
	c := NewOAIClient("http://127.0.0.1:1", Options{})
	err := c.ListRecords(context.Background(), ListRequest{Format: "oai_dc"}, func(*Page) error { return nil })
	if paperwire.ErrorCode(err) != paperwire.EINVALID {
		t.Fatalf("err = %v", err)
	}
}

func TestIdentify(t *testing.T) {
	srv := newReplay(t, step{file: identify, query: map[string]string{"verb": "Identify"}})
	var s sleeps
	r, err := NewOAIClient(srv.srv.URL, testOptions(&s)).Identify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := &Repository{Name: "arXiv", BaseURL: "http://export.arxiv.org/oai2", ProtocolVersion: "2.0", AdminEmail: "help@arxiv.org",
		EarliestDatestamp: "2007-05-23", DeletedRecord: "persistent", Granularity: "YYYY-MM-DD"}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("repository = %+v", r)
	}
}

// The polite delay holds between consecutive requests.
func TestPoliteDelay(t *testing.T) {
	srv := newReplay(t, step{file: page1}, step{file: page2}, step{file: page3})
	o := Options{Delay: 150 * time.Millisecond}
	var starts []time.Time
	c := NewOAIClient(srv.srv.URL, o)
	err := c.ListRecords(context.Background(), ListRequest{}, func(*Page) error {
		starts = append(starts, time.Now())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(starts[i-1]); d < 140*time.Millisecond {
			t.Errorf("pages %d and %d came %v apart, want ≥ 150 ms", i, i+1, d)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"10": 10 * time.Second, "": 0, "-3": 0, "soon": 0,
		"Wed, 01 Apr 2026 12:00:30 GMT": 30 * time.Second, "Wed, 01 Apr 2026 11:00:00 GMT": 0,
	} {
		if got := retryAfter(in, now); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

// A page cut anywhere is an error, never a shorter page: its token is lost.
func TestParseListRecordsTruncated(t *testing.T) {
	data := readTestdata(t, page1)
	for n := 0; n < len(data)-len("</OAI-PMH>\n"); n += 97 {
		if p, err := ParseListRecords(data[:n]); err == nil {
			t.Fatalf("cut at %d parsed: %d papers, token %q", n, len(p.Papers), p.Token)
		}
	}
}

package arxiv

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

func apiClient(srv *replay, s *sleeps) *APIClient {
	return NewAPIClient(srv.srv.URL+"/api/query", testOptions(s))
}

func TestLookupOne(t *testing.T) {
	srv := newReplay(t, step{file: "atom/id_1605.08386_s0_m100_200.xml",
		query: map[string]string{"id_list": "1605.08386", "start": "0", "max_results": "1"}})
	var s sleeps
	res, err := apiClient(srv, &s).Lookup(context.Background(), []string{"arXiv:1605.08386v1"})
	if err != nil {
		t.Fatal(err)
	}
	srv.done()
	ts := time.Date(2016, 5, 26, 17, 59, 46, 0, time.UTC)
	want := &paperwire.Paper{
		ID:         "1605.08386",
		Title:      "Heat-bath random walks with Markov bases",
		Authors:    []string{"Caprice Stanley", "Tobias Windisch"},
		Categories: []string{"math.CO", "math.ST"},
		Comment:    "20 pages, 3 figures",
		Versions:   []paperwire.PaperVersion{{Version: 1, Created: ts}},
		Submitted:  ts,
		Updated:    ts,
		ListedOn:   day("2016-05-27"),
	}
	if len(res.Papers) != 1 || len(res.Missing) != 0 || len(res.Skipped) != 0 {
		t.Fatalf("result = %+v", res)
	}
	p := res.Papers[0]
	if !strings.HasPrefix(p.Abstract, "Graphs on lattice points are studied") || !strings.HasSuffix(p.Abstract, "is an expander in fixed dimension.") {
		t.Errorf("abstract = %q", p.Abstract)
	}
	p.Abstract = ""
	if !reflect.DeepEqual(p, want) {
		t.Errorf("paper =\n%+v\nwant\n%+v", p, want)
	}
}

// Ids go out in batches; a batch that arXiv answers with no entries is
// retried, then its ids are reported missing.
func TestLookupBatchesAndMissing(t *testing.T) {
	empty := "atom/id_0000.0000_s0_m100_200.xml"
	srv := newReplay(t,
		step{file: "atom/id_1605.08386_s0_m100_200.xml", query: map[string]string{"id_list": "1605.08386,astro-ph/0601001", "max_results": "2"}},
		step{file: "atom/id_2104.12255v1_s0_m100_200.xml", query: map[string]string{"id_list": "2104.12255,2401.99999"}},
		step{file: empty, query: map[string]string{"id_list": "2501.00001", "max_results": "1"}},
		step{file: empty}, step{file: empty},
	)
	var s sleeps
	c := apiClient(srv, &s)
	c.BatchSize = 2
	c.EmptyPageRetries = 2
	// The first batch's first answer holds only one of its two ids; that is a
	// partial answer, not an empty page, so astro-ph/0601001 is reported missing.
	res, err := c.Lookup(context.Background(), []string{"1605.08386", "astro-ph/0601001", "2104.12255v1", "2401.99999", "1605.08386v2", "2501.00001"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range res.Papers {
		ids = append(ids, p.ID)
	}
	if !reflect.DeepEqual(ids, []string{"1605.08386", "2104.12255"}) || !reflect.DeepEqual(res.Missing, []string{"astro-ph/0601001", "2401.99999", "2501.00001"}) {
		t.Errorf("papers %v, missing %v", ids, res.Missing)
	}
	if n := len(srv.requests()); n != 5 {
		t.Errorf("%d requests, want 5 (one per batch, two retries of the empty one)", n)
	}
}

func TestLookupOldStyleID(t *testing.T) {
	srv := newReplay(t, step{file: "atom/id_astro-ph_0601001_s0_m100_200.xml", query: map[string]string{"id_list": "astro-ph/0601001"}})
	var s sleeps
	res, err := apiClient(srv, &s).Lookup(context.Background(), []string{"astro-ph/0601001"})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Papers[0]
	if p.ID != "astro-ph/0601001" || p.JournalRef != "ActaAstron.56:1-50,2006" || len(p.Authors) != 4 || p.Authors[3] != "Andrzej Udalski" ||
		!reflect.DeepEqual(p.Categories, []string{"astro-ph"}) || !strings.Contains(p.Abstract, "Gould & Morgan (2003)") {
		t.Errorf("paper = %+v", p)
	}
}

func TestLookupRejectsMalformedIDsLocally(t *testing.T) {
	srv := newReplay(t)
	var s sleeps
	_, err := apiClient(srv, &s).Lookup(context.Background(), []string{"1605.08386", "abc", "0808.05394"})
	if paperwire.ErrorCode(err) != paperwire.EINVALID || !strings.Contains(paperwire.ErrorMessage(err), `"abc", "0808.05394"`) {
		t.Fatalf("err = %v", err)
	}
	srv.done()
}

// arXiv's own error entry (HTTP 400) becomes EINVALID with arXiv's words; no retry.
func TestLookupErrorEntry(t *testing.T) {
	srv := newReplay(t, step{status: 400, file: "atom/id_abc_s0_m100_400.xml"})
	var s sleeps
	_, err := apiClient(srv, &s).Lookup(context.Background(), []string{"hep-th/9901001"})
	if paperwire.ErrorCode(err) != paperwire.EINVALID || !strings.Contains(paperwire.ErrorMessage(err), "incorrect id format for abc") {
		t.Fatalf("err = %v", err)
	}
	srv.done()
}

func TestSearchPaging(t *testing.T) {
	var steps []step
	for start := 0; start <= 50; start += 10 {
		steps = append(steps, step{file: "atom/q_testing_s" + strconv.Itoa(start) + "_m10_200.xml",
			query: map[string]string{"search_query": "testing", "start": strconv.Itoa(start), "max_results": "10", "sortBy": "relevance"}})
	}
	// arXiv's flaky empty page (it claims zero results) before the real third page.
	steps = append(steps[:2], append([]step{{file: "atom/id_0000.0000_s0_m100_200.xml", query: map[string]string{"start": "20"}}}, steps[2:]...)...)
	srv := newReplay(t, steps...)
	var s sleeps
	c := apiClient(srv, &s)
	c.PageSize = 10
	var pages, papers int
	seen := map[string]bool{}
	err := c.Search(context.Background(), SearchRequest{Query: "testing", Max: 60, SortBy: "relevance"}, func(f *Feed) error {
		pages++
		papers += len(f.Papers)
		if len(f.Skipped) > 0 || f.TotalResults != 214881 {
			t.Errorf("page %d: skipped %v, total %d", pages, f.Skipped, f.TotalResults)
		}
		for _, p := range f.Papers {
			seen[p.ID] = true
			if p.Title == "" || len(p.Authors) == 0 || len(p.Categories) == 0 || p.Submitted.IsZero() {
				t.Errorf("incomplete paper %+v", p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.done()
	if pages != 6 || papers != 60 {
		t.Errorf("%d pages, %d papers; want 6 and 60", pages, papers)
	}
	if len(seen) < 55 {
		t.Errorf("only %d distinct ids", len(seen))
	}
}

func TestSearchGivesUpOnEmptyPages(t *testing.T) {
	empty := step{file: "atom/id_0000.0000_s0_m100_200.xml"}
	srv := newReplay(t, step{file: "atom/q_testing_s0_m10_200.xml"}, empty, empty)
	var s sleeps
	c := apiClient(srv, &s)
	c.PageSize = 10
	c.EmptyPageRetries = 1
	err := c.Search(context.Background(), SearchRequest{Query: "testing"}, func(*Feed) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "empty 2 times (start=10") {
		t.Fatalf("err = %v", err)
	}
}

func TestSearchSurvivesFaults(t *testing.T) {
	srv := newReplay(t,
		step{fault: "reset"},
		step{status: 503, header: map[string]string{"Retry-After": "3"}, body: "slow down"},
		step{file: "atom/q_testing_s0_m10_200.xml", fault: "truncate"},
		step{file: "atom/q_testing_s0_m10_200.xml"},
	)
	var s sleeps
	c := apiClient(srv, &s)
	var n int
	err := c.Search(context.Background(), SearchRequest{Query: "testing", Max: 10}, func(f *Feed) error { n += len(f.Papers); return nil })
	if err != nil || n != 10 {
		t.Fatalf("err %v, %d papers", err, n)
	}
	if got := s.waits(50 * time.Millisecond); !reflect.DeepEqual(got, []time.Duration{100 * time.Millisecond, 3 * time.Second, 200 * time.Millisecond}) {
		t.Errorf("waits = %v", got)
	}
}

func TestParseFeedVersions(t *testing.T) {
	data := readTestdata(t, "atom/q_testing_s0_m10_200.xml")
	f, err := ParseFeed(data)
	if err != nil {
		t.Fatal(err)
	}
	var v2 *paperwire.Paper
	for _, p := range f.Papers {
		if p.ID == "2503.05378" {
			v2 = p
		}
	}
	if v2 == nil || v2.LatestVersion() != 2 || len(v2.Versions) != 2 || !v2.Versions[1].Created.Equal(v2.Updated) || !v2.Updated.After(v2.Submitted) {
		t.Fatalf("2503.05378 = %+v", v2)
	}
}

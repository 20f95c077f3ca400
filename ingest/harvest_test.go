package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

// oaiServer serves generated arXiv-format ListRecords pages, the first for a
// request without a token and the others by resumptionToken, and records the
// requests. A page may be replaced by a fault for its first n requests.
type oaiServer struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	pages map[string]string // token ("" for the first page) → body
	fail  map[string]int    // token → number of 503s still to answer
	reqs  []string          // raw queries
	delay time.Duration
}

func newOAIServer(t *testing.T, pages map[string]string) *oaiServer {
	s := &oaiServer{t: t, pages: pages, fail: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *oaiServer) serve(w http.ResponseWriter, r *http.Request) {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r.URL.RawQuery)
	tok := r.URL.Query().Get("resumptionToken")
	if s.fail[tok] > 0 {
		s.fail[tok]--
		w.Header().Set("Retry-After", "0")
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	body, ok := s.pages[tok]
	if !ok {
		body = oaiError("badResumptionToken", "expired")
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprint(w, body)
}

func (s *oaiServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// rec is one generated record.
type rec struct {
	id, title, created, datestamp, comments string
	deleted                                 bool
}

func (r rec) xml() string {
	if r.deleted {
		return fmt.Sprintf(`<record><header status="deleted"><identifier>oai:arXiv.org:%s</identifier><datestamp>%s</datestamp></header></record>`, r.id, r.datestamp)
	}
	return fmt.Sprintf(`<record><header><identifier>oai:arXiv.org:%[1]s</identifier><datestamp>%[4]s</datestamp><setSpec>cs</setSpec></header>
<metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>%[1]s</id><created>%[3]s</created><authors><author><keyname>Lovelace</keyname><forenames>Ada</forenames></author></authors>
<title>%[2]s</title><categories>cs.LG stat.ML</categories><comments>%[5]s</comments><abstract>About %[2]s.</abstract></arXiv></metadata></record>`,
		r.id, r.title, r.created, r.datestamp, r.comments)
}

func oaiPage(token string, cursor, size int, recs ...rec) string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-04-02T10:00:00Z</responseDate><ListRecords>`)
	for _, r := range recs {
		sb.WriteString(r.xml())
	}
	fmt.Fprintf(&sb, `<resumptionToken cursor="%d" completeListSize="%d">%s</resumptionToken></ListRecords></OAI-PMH>`, cursor, size, token)
	return sb.String()
}

func oaiError(code, msg string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-04-02T10:00:00Z</responseDate><error code="` + code + `">` + msg + `</error></OAI-PMH>`
}

// threePages: 3 + 4 + 1 records, with a malformed record and a deletion of a
// paper from the first page on the second.
func threePages() map[string]string {
	return map[string]string{
		"": oaiPage("t1", 0, 8,
			rec{id: "2603.00001", title: "One", created: "2026-03-30", datestamp: "2026-03-31"},
			rec{id: "2603.00002", title: "Two", created: "2026-03-30", datestamp: "2026-03-31"},
			rec{id: "2603.00003", title: "Three", created: "2026-03-30", datestamp: "2026-03-31"}),
		"t1": oaiPage("t2", 3, 8,
			rec{id: "2603.00004", title: "Four", created: "2026-03-31", datestamp: "2026-04-01"},
			rec{id: "2603.00002", deleted: true, datestamp: "2026-04-01"},
			rec{id: "2603.00005", title: "", created: "2026-03-31", datestamp: "2026-04-01"},
			rec{id: "2603.00099", deleted: true, datestamp: "2026-04-01"}),
		"t2": oaiPage("", 7, 8,
			rec{id: "2603.00006", title: "Six", created: "2026-04-01", datestamp: "2026-04-02", comments: "This paper has been withdrawn by the author"}),
	}
}

func openStore(t *testing.T) *store.PaperStore {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return store.NewPaperStore(db)
}

func fastClient(url string) *arxiv.OAIClient {
	return arxiv.NewOAIClient(url, arxiv.Options{Delay: time.Millisecond, Backoff: time.Millisecond, MaxRetries: 3})
}

// allPapers returns every stored paper, by id.
func allPapers(t *testing.T, st *store.PaperStore) map[string]*paperwire.Paper {
	t.Helper()
	ps, err := st.ChangesSince(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*paperwire.Paper{}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out
}

func TestHarvestPagesDeletedAndSkipped(t *testing.T) {
	srv := newOAIServer(t, threePages())
	srv.fail["t1"] = 1 // a 503 before the second page
	st := openStore(t)
	h := NewHarvester(fastClient(srv.srv.URL), st, st)
	var progress []HarvestProgress
	h.Progress = func(p HarvestProgress) { progress = append(progress, p) }
	sum, err := h.Harvest(context.Background(), HarvestRequest{Set: "cs"})
	if err != nil {
		t.Fatal(err)
	}
	sum.Duration = 0
	want := HarvestSummary{Set: "cs", Pages: 3, Read: 8, New: 5, Updated: 1, Unchanged: 0, Deleted: 1, Skipped: []SkippedItem{
		{Page: 2, Position: 3, ID: "oai:arXiv.org:2603.00005", Reason: "missing title"},
		{Page: 2, ID: "2603.00099", Reason: "deleted upstream and not in the database"},
	}}
	if !reflect.DeepEqual(sum, want) {
		t.Errorf("summary =\n%+v\nwant\n%+v", sum, want)
	}
	if len(progress) != 3 || progress[2].Read != 8 || progress[2].Written != 6 || progress[2].CompleteListSize != 8 {
		t.Errorf("progress = %+v", progress)
	}
	papers := allPapers(t, st)
	if len(papers) != 5 || !papers["2603.00002"].Withdrawn || !papers["2603.00006"].Withdrawn || papers["2603.00001"].Withdrawn {
		t.Errorf("papers = %v", papers)
	}
	if p := papers["2603.00004"]; p.Title != "Four" || !reflect.DeepEqual(p.Authors, []string{"Ada Lovelace"}) || p.ListedOn.Format(time.DateOnly) != "2026-04-01" {
		t.Errorf("paper = %+v", p)
	}
	q := srv.requests()
	if len(q) != 4 || q[0] != "metadataPrefix=arXiv&set=cs&verb=ListRecords" || q[1] != "resumptionToken=t1&verb=ListRecords" || q[2] != q[1] {
		t.Errorf("requests = %q", q)
	}
	// The next run is incremental from the newest datestamp, and changes nothing.
	srv.pages = map[string]string{"": oaiPage("", 0, 1, rec{id: "2603.00006", title: "Six", created: "2026-04-01", datestamp: "2026-04-02", comments: "This paper has been withdrawn by the author"})}
	seq := maxSeq(t, st)
	sum, err = h.Harvest(context.Background(), HarvestRequest{Set: "cs"})
	if err != nil || sum.Read != 1 || sum.Unchanged != 1 || sum.New+sum.Updated != 0 || sum.From != "2026-04-02" {
		t.Errorf("second run: %+v, %v", sum, err)
	}
	if q := srv.requests(); q[len(q)-1] != "from=2026-04-02&metadataPrefix=arXiv&set=cs&verb=ListRecords" {
		t.Errorf("incremental request = %q", q[len(q)-1])
	}
	if maxSeq(t, st) != seq {
		t.Error("re-run changed the database")
	}
	state, err := LoadHarvestState(context.Background(), st, "cs")
	if err != nil || state.LastError != "" || state.LastRun.IsZero() || state.Counts != (HarvestCounts{Pages: 1, Read: 1, Unchanged: 1}) {
		t.Errorf("state = %+v, %v", state, err)
	}
}

func maxSeq(t *testing.T, st *store.PaperStore) int64 {
	s, err := st.MaxSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// failingWriter fails the nth write, as a crash between two pages would.
type failingWriter struct {
	*store.PaperStore
	n, calls int
}

func (w *failingWriter) UpsertPapersAt(ctx context.Context, ps []*paperwire.Paper, cps ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	w.calls++
	if w.calls == w.n {
		return paperwire.UpsertResult{}, errors.New("disk on fire")
	}
	return w.PaperStore.UpsertPapersAt(ctx, ps, cps...)
}

// A run that dies after its first page resumes from the saved token and ends
// with the same papers as a run that never stopped.
func TestHarvestResumesFromToken(t *testing.T) {
	ctx := context.Background()
	clean := openStore(t)
	srv := newOAIServer(t, threePages())
	if _, err := NewHarvester(fastClient(srv.srv.URL), clean, clean).Harvest(ctx, HarvestRequest{Set: "cs"}); err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	srv2 := newOAIServer(t, threePages())
	c := fastClient(srv2.srv.URL)
	_, err := NewHarvester(c, &failingWriter{PaperStore: st, n: 2}, st).Harvest(ctx, HarvestRequest{Set: "cs"})
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
	state, _ := LoadHarvestState(ctx, st, "cs")
	if !strings.Contains(state.LastError, "disk on fire") {
		t.Errorf("state = %+v", state)
	}
	if tok, _ := st.Checkpoint(ctx, "oai:"+srv2.srv.URL+":cs:token"); tok != "t1" {
		t.Fatalf("saved token = %q", tok)
	}
	sum, err := NewHarvester(c, st, st).Harvest(ctx, HarvestRequest{Set: "cs"})
	if err != nil || !sum.Resumed || sum.Pages != 2 {
		t.Fatalf("resumed run: %+v, %v", sum, err)
	}
	if q := srv2.requests(); q[len(q)-2] != "resumptionToken=t1&verb=ListRecords" {
		t.Errorf("requests = %q", q)
	}
	samePapers(t, allPapers(t, clean), allPapers(t, st))
	for _, s := range []*store.PaperStore{clean, st} {
		if f, _ := s.Checkpoint(ctx, "oai:"+srv.srv.URL+":cs:from"); s == clean && f != "2026-04-02" {
			t.Errorf("from checkpoint = %q", f)
		}
	}
}

func samePapers(t *testing.T, a, b map[string]*paperwire.Paper) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d papers vs %d", len(a), len(b))
	}
	for id, p := range a {
		q := b[id]
		if q == nil {
			t.Fatalf("%s missing", id)
		}
		pc, qc := *p, *q
		pc.Seq, qc.Seq = 0, 0
		if !reflect.DeepEqual(pc, qc) {
			t.Errorf("%s differs:\n%+v\n%+v", id, pc, qc)
		}
	}
}

// An expired token restarts the interrupted run from its first datestamp.
func TestHarvestExpiredTokenRestarts(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	srv := newOAIServer(t, threePages())
	base := srv.srv.URL
	if err := st.SetCheckpoint(ctx, paperwire.Checkpoint{Key: "oai:" + base + ":cs:token", Value: "stale"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetCheckpoint(ctx, paperwire.Checkpoint{Key: "oai:" + base + ":cs:run", Value: `{"from":"2026-03-01","format":"arXiv"}`}); err != nil {
		t.Fatal(err)
	}
	sum, err := NewHarvester(fastClient(base), st, st).Harvest(ctx, HarvestRequest{Set: "cs"})
	if err != nil || sum.Resumed || sum.New != 5 || sum.From != "2026-03-01" {
		t.Fatalf("%+v, %v", sum, err)
	}
	if q := srv.requests(); q[0] != "resumptionToken=stale&verb=ListRecords" || q[1] != "from=2026-03-01&metadataPrefix=arXiv&set=cs&verb=ListRecords" {
		t.Errorf("requests = %q", q)
	}
}

// The recorded arXiv exchange (503 + Retry-After, then the page) into a real store.
func TestHarvestRecordedArXiv(t *testing.T) {
	body := func(name string) string {
		b, err := os.ReadFile(filepath.Join("..", "arxiv", "testdata", "oaipmh", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	srv := newOAIServer(t, map[string]string{"": body("paperhive_listrecords_should_list_identifiers_from_arxiv_req1_200.xml")})
	srv.fail[""] = 1
	st := openStore(t)
	from, _ := time.Parse(time.DateOnly, "2015-01-01")
	sum, err := NewHarvester(fastClient(srv.srv.URL), st, st).Harvest(context.Background(), HarvestRequest{From: from})
	if err != nil || sum.New != 2 || sum.Read != 2 || len(sum.Skipped) != 0 {
		t.Fatalf("%+v, %v", sum, err)
	}
	stats, err := st.Stats(context.Background())
	if err != nil || stats.Papers != 2 || stats.Authors != 3 || stats.Withdrawn != 0 {
		t.Errorf("stats = %+v, %v", stats, err)
	}
}

func TestRunSchedule(t *testing.T) {
	srv := newOAIServer(t, map[string]string{"": oaiPage("", 0, 1, rec{id: "2603.00001", title: "One", created: "2026-03-30", datestamp: "2026-03-31"})})
	st := openStore(t)
	h := NewHarvester(fastClient(srv.srv.URL), st, st)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := h.RunSchedule(ctx, []string{"cs", "stat"}, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if n := len(srv.requests()); n != 2 {
		t.Errorf("%d requests, want one per set", n)
	}
	for _, set := range []string{"cs", "stat"} {
		s, err := LoadHarvestState(context.Background(), st, set)
		if err != nil || s.LastRun.Before(start.Add(-time.Second)) || s.NextRun.Sub(s.LastRun) < 59*time.Minute || s.LastError != "" || s.Counts.Read != 1 {
			t.Errorf("%s state = %+v, %v", set, s, err)
		}
	}
	// A restart before the next run is due harvests nothing.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	_ = h.RunSchedule(ctx2, []string{"cs", "stat"}, time.Hour)
	if n := len(srv.requests()); n != 2 {
		t.Errorf("restart made %d requests", n-2)
	}
	if err := h.RunSchedule(context.Background(), nil, time.Hour); paperwire.ErrorCode(err) != paperwire.EINVALID {
		t.Errorf("no sets: %v", err)
	}
}

// noRecordsMatch is a successful, empty run that keeps the incremental start.
func TestHarvestNoRecordsMatch(t *testing.T) {
	ctx := context.Background()
	srv := newOAIServer(t, map[string]string{"": oaiError("noRecordsMatch", "nothing new")})
	st := openStore(t)
	fromKey := "oai:" + srv.srv.URL + ":all:from"
	if err := st.SetCheckpoint(ctx, paperwire.Checkpoint{Key: fromKey, Value: "2026-04-01"}); err != nil {
		t.Fatal(err)
	}
	sum, err := NewHarvester(fastClient(srv.srv.URL), st, st).Harvest(ctx, HarvestRequest{})
	if err != nil || sum.Pages != 1 || sum.Read != 0 || sum.From != "2026-04-01" {
		t.Fatalf("%+v, %v", sum, err)
	}
	if f, _ := st.Checkpoint(ctx, fromKey); f != "2026-04-01" {
		t.Errorf("from moved to %q", f)
	}
	if s, _ := LoadHarvestState(ctx, st, ""); s.Set != "all" || s.LastSuccess.IsZero() || s.LastError != "" {
		t.Errorf("state = %+v", s)
	}
}

package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

func newTestImporter(s *memStore, mod func(*Options)) *Importer {
	opt := Options{Now: func() time.Time { return testNow }, BatchSize: 7}
	if mod != nil {
		mod(&opt)
	}
	return NewImporter(s, s, opt)
}

func importOK(t *testing.T, im *Importer, path string) *Summary {
	t.Helper()
	sum, err := im.ImportFile(context.Background(), path)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	if got := sum.Written() + sum.Merged + sum.Skipped; got != sum.Read {
		t.Errorf("%s: written %d + merged %d + skipped %d != read %d", path, sum.Written(), sum.Merged, sum.Skipped, sum.Read)
	}
	return sum
}

func counts(s *Summary) [6]int {
	return [6]int{s.Read, s.New, s.Updated, s.Unchanged, s.Merged, s.Skipped}
}

func TestImportSnapshot(t *testing.T) {
	s := newMemStore()
	im := newTestImporter(s, nil)
	sum := importOK(t, im, "testdata/snapshot-sample.jsonl")
	// 7 lines, 6 papers: 0704.0001 appears twice in the first batch of 7.
	if got, want := counts(sum), [6]int{7, 6, 0, 0, 1, 0}; got != want {
		t.Errorf("counts = %v, want %v", got, want)
	}
	if sum.Format != FormatSnapshot {
		t.Errorf("format = %q", sum.Format)
	}
	p := s.papers["0704.0001"]
	if p.Title != "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies" {
		t.Errorf("older version overwrote the newer one: title %q", p.Title)
	}
	if want := []string{"C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"}; !reflect.DeepEqual(p.Authors, want) {
		t.Errorf("authors = %q", p.Authors)
	}
	if p.DOI != "10.1103/PhysRevD.76.013009" || p.JournalRef != "Phys.Rev.D76:013009,2007" || p.LatestVersion() != 2 {
		t.Errorf("0704.0001 = %+v", p)
	}
	if want := time.Date(2007, 4, 2, 0, 0, 0, 0, time.UTC); !p.ListedOn.Equal(want) {
		t.Errorf("listed on %v, want first version's day", p.ListedOn)
	}
	old := s.papers["hep-th/9901001"]
	if want := []string{"hep-th", "math-ph", "math.MP"}; !reflect.DeepEqual(old.Categories, want) {
		t.Errorf("categories = %q", old.Categories)
	}
	if old.Abstract != "We revisit a toy model of dualities in two dimensions.\nIn a second paragraph we discuss the consequences for string compactifications." {
		t.Errorf("abstract = %q", old.Abstract)
	}
	if old.Authors[1] != "R. Smith Jr" || old.Title != "A Note on Dualities of Toy Models" {
		t.Errorf("hep-th/9901001 = %+v", old)
	}
	if !s.papers["math/0309136"].Withdrawn {
		t.Error("withdrawn paper not marked")
	}
	v := s.papers["2503.16419"]
	if v.LatestVersion() != 3 || !v.Updated.Equal(time.Date(2025, 4, 1, 9, 12, 0, 0, time.UTC)) {
		t.Errorf("versions %+v updated %v", v.Versions, v.Updated)
	}

	// Re-importing changes nothing.
	again := importOK(t, im, "testdata/snapshot-sample.jsonl")
	if got, want := counts(again), [6]int{7, 0, 0, 6, 1, 0}; got != want {
		t.Errorf("re-import counts = %v, want %v", got, want)
	}
}

func TestImportDailyAndHF(t *testing.T) {
	s := newMemStore()
	im := newTestImporter(s, func(o *Options) { o.BatchSize = 1000 })
	sum := importOK(t, im, "testdata/2025-03-21.jsonl")
	if got, want := counts(sum), [6]int{44, 36, 0, 0, 8, 0}; got != want {
		t.Errorf("2025-03-21 counts = %v, want %v", got, want)
	}
	// The next day's crawl repeats 6 papers: they keep their first listing day.
	sum = importOK(t, im, "testdata/2025-03-22.jsonl.gz")
	if got, want := counts(sum), [6]int{20, 14, 0, 6, 0, 0}; got != want {
		t.Errorf("2025-03-22 counts = %v, want %v", got, want)
	}
	first, second := time.Date(2025, 3, 21, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 22, 0, 0, 0, 0, time.UTC)
	var onFirst, onSecond int
	for _, p := range s.papers {
		switch {
		case p.ListedOn.Equal(first):
			onFirst++
		case p.ListedOn.Equal(second):
			onSecond++
		default:
			t.Errorf("%s listed on %v", p.ID, p.ListedOn)
		}
	}
	if onFirst != 36 || onSecond != 14 {
		t.Errorf("listed on 21st: %d, 22nd: %d; want 36, 14", onFirst, onSecond)
	}
	p := s.papers["2503.15617"]
	if p == nil || p.Title == "" || len(p.Authors) == 0 || p.PrimaryCategory() == "" || strings.Contains(p.Abstract, "  ") {
		t.Errorf("daily paper = %+v", p)
	}

	sum = importOK(t, im, "testdata/daily_papers_2024-10-25_first4items.json")
	if got, want := counts(sum), [6]int{4, 4, 0, 0, 0, 0}; got != want {
		t.Errorf("HF counts = %v, want %v", got, want)
	}
	h := s.papers["2410.17243"]
	if h.Upvotes != 64 || h.NumComments != 3 || h.SubmittedBy != "ClownRat" || len(h.Authors) != 9 ||
		!h.ListedOn.Equal(time.Date(2024, 10, 25, 0, 0, 0, 0, time.UTC)) ||
		!h.Submitted.Equal(time.Date(2024, 10, 22, 17, 59, 30, 0, time.UTC)) ||
		h.Title != "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss" {
		t.Errorf("HF paper = %+v", h)
	}
	if sum.Format != FormatHF {
		t.Errorf("format %q", sum.Format)
	}
}

func TestImportHFCommunityFields(t *testing.T) {
	item := `[{"paper":{"id":"2501.00001","authors":[{"name":"A B"},{"name":" C  D "}],"publishedAt":"2025-01-01T10:00:00.000Z",
"title":"T","summary":"S","upvotes":"12","githubRepo":"https://github.com/x/y","githubStars":99,"projectPage":"https://x.io",
"ai_summary":"Short.","ai_keywords":["llm","llm"," rag "]},"publishedAt":"2025-01-02T08:00:00.000Z","numComments":5,
"submittedBy":{"name":"alice","fullname":"Alice"},"organization":{"name":"acme","fullname":"Acme Labs"}}]`
	path := filepath.Join(t.TempDir(), "hf.json")
	if err := os.WriteFile(path, []byte(item), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newMemStore()
	importOK(t, newTestImporter(s, nil), path)
	got := s.papers["2501.00001"]
	want := &paperwire.Paper{ID: "2501.00001", Title: "T", Abstract: "S", Authors: []string{"A B", "C D"},
		Submitted: time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC), ListedOn: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
		Upvotes: 12, ImportedUpvotes: 12, NumComments: 5, SubmittedBy: "alice", SubmittedOn: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), Organization: &paperwire.Organization{Name: "acme", Fullname: "Acme Labs"},
		GitHubRepo: "https://github.com/x/y", GitHubStars: 99, ProjectPage: "https://x.io", AISummary: "Short.",
		AIKeywords: []string{"llm", "rag"}, Seq: 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// --date overrides HF's day.
	s2 := newMemStore()
	importOK(t, newTestImporter(s2, func(o *Options) { o.ListedOn = time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC) }), path)
	if d := s2.papers["2501.00001"].ListedOn; !d.Equal(time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("--date ignored: listed on %v", d)
	}
}

// gzipped writes data gzip-compressed to a file with a name that does not say so.
func gzipped(t *testing.T, name string, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGzipByMagic(t *testing.T) {
	data, err := os.ReadFile("testdata/snapshot-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	s := newMemStore()
	sum := importOK(t, newTestImporter(s, nil), gzipped(t, "snapshot.json", data))
	if sum.New != 6 || sum.Format != FormatSnapshot {
		t.Errorf("gzip named .json: %+v", sum)
	}
}

func TestUnknownFormatRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "error.html")
	os.WriteFile(path, []byte("<html><body>502 Bad Gateway</body></html>"), 0o644)
	_, err := newTestImporter(newMemStore(), nil).ImportFile(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("err = %v, want unknown format naming the file", err)
	}
	if _, err := newTestImporter(newMemStore(), nil).ImportFile(context.Background(), "testdata/no-such-file"); err == nil {
		t.Error("missing file imported")
	}
}

func TestDailyNeedsDate(t *testing.T) {
	data, _ := os.ReadFile("testdata/2025-03-21.jsonl")
	path := filepath.Join(t.TempDir(), "crawl.jsonl")
	os.WriteFile(path, data, 0o644)
	_, err := newTestImporter(newMemStore(), nil).ImportFile(context.Background(), path)
	if paperwire.ErrorCode(err) != paperwire.EINVALID {
		t.Errorf("crawl without a date: err = %v", err)
	}
	s := newMemStore()
	importOK(t, newTestImporter(s, func(o *Options) { o.ListedOn = time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC) }), path)
	if len(s.papers) != 36 {
		t.Errorf("with --date: %d papers", len(s.papers))
	}
}

func TestAfterBatchHook(t *testing.T) {
	s := newMemStore()
	var batches, papers int
	im := newTestImporter(s, func(o *Options) {
		o.BatchSize = 10
		o.AfterBatch = func(ctx context.Context, ps []*paperwire.Paper, res paperwire.UpsertResult) error {
			batches++
			papers += len(ps)
			return nil
		}
	})
	sum := importOK(t, im, "testdata/2025-03-21.jsonl")
	// Two repeats fall into a later batch than their first occurrence, so
	// the store merges them: 38 papers written, 36 of them new.
	if batches != 4 || papers != sum.Written() || papers != 38 || sum.New != 36 {
		t.Errorf("hook saw %d batches, %d papers; summary %+v", batches, papers, sum)
	}
	im.opt.AfterBatch = func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error {
		return errors.New("index down")
	}
	if _, err := im.ImportFile(context.Background(), "testdata/2025-03-21.jsonl"); err == nil || !strings.Contains(err.Error(), "index down") {
		t.Errorf("hook error not returned: %v", err)
	}
}

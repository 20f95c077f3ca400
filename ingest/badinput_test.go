package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// badSnapshot is a snapshot file with one of each kind of bad record among good ones.
func badSnapshot(t *testing.T) []byte {
	t.Helper()
	good, err := os.ReadFile("testdata/snapshot-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	var b strings.Builder
	b.WriteString(lines[0])                                                                                                         // 1 good
	b.WriteString(`{"id":"1001.0001","title":"Cut off` + "\n")                                                                      // 2 malformed JSON
	b.WriteString(`{"id":"","title":"No id","versions":[]}` + "\n")                                                                 // 3 missing id
	b.WriteString(`{"id":"1001.0002","title":"","versions":[]}` + "\n")                                                             // 4 missing title
	b.WriteString(`{"id":"1001.0003","title":"Old","versions":[{"version":"v1","created":"Mon, 2 Apr 1807 19:18:42 GMT"}]}` + "\n") // 5 absurd date
	b.WriteString("\n")                                                                                                             // 6 blank: not a record
	b.WriteString("{\"id\":\"1001.0004\",\"title\":\"Caf\xe9 \xff bytes\",\"versions\":[]}\n")                                      // 7 non-UTF-8: repaired
	b.WriteString(`{"id":"1001.0005","title":"` + strings.Repeat("x", 3000) + `"}` + "\n")                                          // 8 too long
	b.WriteString(`{"id":"banana","title":"Bad id","versions":[]}` + "\n")                                                          // 9 invalid id
	b.WriteString(`{"id":"1001.0006","title":"Bad date","versions":[{"version":"v1","created":"yesterday"}]}` + "\n")               // 10
	b.WriteString(lines[1])                                                                                                         // 11 good
	b.WriteString(strings.TrimSuffix(lines[2], "\n"))                                                                               // 12 good, no final newline
	return []byte(b.String())
}

func TestBadRecordsSkippedAndReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(path, badSnapshot(t), 0o644)
	s := newMemStore()
	sum := importOK(t, newTestImporter(s, func(o *Options) { o.MaxRecordBytes = 2048 }), path)
	if got, want := counts(sum), [6]int{11, 4, 0, 0, 0, 7}; got != want {
		t.Errorf("counts = %v, want %v", got, want)
	}
	wantReasons := map[string]int{ReasonMalformed: 1, ReasonMissingID: 1, ReasonMissingTitle: 1,
		ReasonAbsurdDate: 2, ReasonTooLong: 1, ReasonInvalidID: 1}
	if !reflect.DeepEqual(sum.SkipsByReason, wantReasons) {
		t.Errorf("reasons = %v, want %v", sum.SkipsByReason, wantReasons)
	}
	var nums []int
	for _, k := range sum.Skips {
		nums = append(nums, k.Num)
	}
	if want := []int{2, 3, 4, 5, 8, 9, 10}; !reflect.DeepEqual(nums, want) {
		t.Errorf("skipped lines %v, want %v", nums, want)
	}
	if sum.Repaired != 1 || !reflect.DeepEqual(sum.RepairedAt, []int{7}) {
		t.Errorf("repaired %d at %v", sum.Repaired, sum.RepairedAt)
	}
	if p := s.papers["1001.0004"]; p == nil || p.Title != "Caf\ufffd \ufffd bytes" {
		t.Errorf("repaired paper = %+v", p)
	}
	if s.papers["hep-th/9901001"] == nil {
		t.Error("last line without newline lost")
	}
	var out strings.Builder
	sum.Print(&out)
	for _, want := range []string{"skipped 7", "missing title (line 4)", "record too long (line 8)", "repaired 1", "line 5: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestAllBadIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(path, []byte(`{"id":"x","title":"t","versions":[]}`+"\n"+`{"id":"y","title":"t","versions":[]}`+"\n"), 0o644)
	sum, err := newTestImporter(newMemStore(), nil).ImportFile(context.Background(), path)
	if err == nil || sum.Skipped != 2 {
		t.Errorf("all records bad: err %v, summary %+v", err, sum)
	}
	empty := filepath.Join(t.TempDir(), "empty.jsonl")
	os.WriteFile(empty, []byte("\n\n"), 0o644)
	if sum, err := newTestImporter(newMemStore(), nil).ImportFile(context.Background(), empty); err != nil || sum.Read != 0 {
		t.Errorf("empty file: err %v, read %d", err, sum.Read)
	}
}

func TestTruncatedGzip(t *testing.T) {
	data, _ := os.ReadFile("testdata/2025-03-21.jsonl")
	full := gzipped(t, "2025-03-21.jsonl.gz", data)
	gz, _ := os.ReadFile(full)
	cut := filepath.Join(t.TempDir(), "2025-03-21.jsonl.gz")
	os.WriteFile(cut, gz[:len(gz)*2/3], 0o644)
	s := newMemStore()
	sum := importOK(t, newTestImporter(s, nil), cut)
	if sum.Truncated == "" || sum.Written() == 0 || sum.Read >= 44 {
		t.Errorf("truncated gzip: %+v", sum)
	}
	if !strings.Contains(sum.Truncated, "unexpected EOF") {
		t.Errorf("truncation reason %q", sum.Truncated)
	}
	// A cut-off HF array keeps the items before the cut.
	hf, _ := os.ReadFile("testdata/daily_papers_2024-10-25_first4items.json")
	hfCut := filepath.Join(t.TempDir(), "hf.json")
	os.WriteFile(hfCut, hf[:len(hf)-2000], 0o644)
	sum = importOK(t, newTestImporter(newMemStore(), nil), hfCut)
	if sum.New != 3 || sum.Truncated == "" {
		t.Errorf("cut HF array: %+v", sum)
	}
}

func TestHFBadItems(t *testing.T) {
	data := `[{"paper":{"id":"2410.17243","title":"Good","publishedAt":"2024-10-22T17:59:30.000Z"},"publishedAt":"2024-10-25T00:57:09.392Z"},
{"paper":{"id":12345,"title":"id is a number"}},
{"paper":{"id":"2410.16251","title":"Bad day"},"publishedAt":"2424-10-25T00:57:09.392Z"},
"not an object",
{"paper":{"id":"2410.18533","title":"Also good","upvotes":null},"publishedAt":"2024-10-25T01:32:39.713Z"}]`
	path := filepath.Join(t.TempDir(), "hf.json")
	os.WriteFile(path, []byte(data), 0o644)
	sum := importOK(t, newTestImporter(newMemStore(), nil), path)
	if got, want := counts(sum), [6]int{5, 2, 0, 0, 0, 3}; got != want {
		t.Errorf("counts = %v, want %v (%+v)", got, want, sum.Skips)
	}
}

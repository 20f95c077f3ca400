package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// seedLines adds every line of a testdata file to the fuzz corpus.
func seedLines(f *testing.F, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f.Add(slices.Clone(sc.Bytes()))
	}
}

func seedHFItems(f *testing.F) {
	data, err := os.ReadFile("testdata/daily_papers_2024-10-25_first4items.json")
	if err != nil {
		f.Fatal(err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		f.Fatal(err)
	}
	for _, it := range items {
		f.Add([]byte(it))
	}
}

// checkPaper asserts what Normalize promises about every paper it returns.
func checkPaper(t *testing.T, p *paperwire.Paper) {
	t.Helper()
	if id, v, err := paperwire.ParseArxivID(p.ID); err != nil || id != p.ID || v != 0 {
		t.Errorf("id %q is not a version-less arXiv id", p.ID)
	}
	if p.Title == "" || !isCollapsed(p.Title) || !utf8.ValidString(p.Title) {
		t.Errorf("title %q not clean", p.Title)
	}
	if strings.Contains(p.Abstract, "\n\n") || strings.Contains(p.Abstract, "  ") || !utf8.ValidString(p.Abstract) {
		t.Errorf("abstract %q not clean", p.Abstract)
	}
	for i, c := range p.Categories {
		if c == "" || strings.ContainsAny(c, " \t\n,") || slices.Contains(p.Categories[:i], c) {
			t.Errorf("categories %q", p.Categories)
		}
	}
	for _, a := range p.Authors {
		if a == "" || !isCollapsed(a) {
			t.Errorf("author %q", a)
		}
	}
	for i := 1; i < len(p.Versions); i++ {
		if p.Versions[i].Version <= p.Versions[i-1].Version {
			t.Errorf("versions not increasing: %+v", p.Versions)
		}
	}
	if !p.ListedOn.IsZero() && !p.ListedOn.Equal(paperwire.Day(p.ListedOn).Start) {
		t.Errorf("listing day %v is not a UTC midnight", p.ListedOn)
	}
	if !p.Submitted.IsZero() && (p.Submitted.Before(firstArxivDay) || p.Submitted.After(testNow.Add(futureSlack))) {
		t.Errorf("absurd submitted date %v accepted", p.Submitted)
	}
}

func fuzzParser(f *testing.F, parse parser) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := parse(data, &parseState{})
		if err != nil {
			if _, ok := err.(*RecordError); !ok {
				t.Fatalf("parser error %T is not a *RecordError: %v", err, err)
			}
			return
		}
		p, err := Normalize(rec, testNow)
		if err != nil {
			if _, ok := err.(*RecordError); !ok {
				t.Fatalf("Normalize error %T is not a *RecordError: %v", err, err)
			}
			return
		}
		checkPaper(t, p)
	})
}

func FuzzSnapshotLine(f *testing.F) {
	seedLines(f, "testdata/snapshot-sample.jsonl")
	f.Add([]byte(`{"id":"hep-th/9901001v2","title":" x ","categories":["a","a b"],"versions":[{"version":"v3"},{"version":"v1","created":"Fri, 1 Jan 1999 10:00:00 GMT"}]}`))
	f.Add([]byte(`{"id":"0704.0001","title":"t","authors":"A and B, Jr., C (x, y)","versions":[{"version":"vX"}]}`))
	fuzzParser(f, parseSnapshot)
}

func FuzzDailyLine(f *testing.F) {
	seedLines(f, "testdata/2025-03-21.jsonl")
	f.Add([]byte(`{"id": "2503.1", "categories": "cs.CV", "authors": "A, B", "title": "t", "comment": 3, "summary": null}`))
	fuzzParser(f, parseDaily)
}

func FuzzHFItem(f *testing.F) {
	seedHFItems(f)
	f.Add([]byte(`{"paper":{"id":"2501.00001","upvotes":"12","ai_keywords":"x"},"title":"T","publishedAt":"2025-01-02","organization":{"name":""}}`))
	fuzzParser(f, parseHFItem)
}

func FuzzSplitAuthors(f *testing.F) {
	for _, s := range []string{"A. Smith, B. Jones, and C. Doe", "John Smith, Jr., Jane Doe", "X ((1) MIT, (2) Y) and Z", "", "and and ,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range SplitAuthors(s) {
			if name == "" || !isCollapsed(name) || strings.ContainsAny(name, ",;") {
				t.Errorf("SplitAuthors(%q) gave name %q", s, name)
			}
		}
	})
}

func FuzzDetectFormat(f *testing.F) {
	for _, p := range []string{"testdata/snapshot-sample.jsonl", "testdata/2025-03-21.jsonl", "testdata/daily_papers_2024-10-25_first4items.json"} {
		data, _ := os.ReadFile(p)
		f.Add(data[:min(len(data), 2000)])
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		format, err := DetectFormat(head)
		if (err == nil) == (format == "") {
			t.Errorf("DetectFormat = %q, %v", format, err)
		}
	})
}

// FuzzImport runs whole files through the importer: whatever the bytes, it
// must not panic, and every record read is accounted for exactly once.
func FuzzImport(f *testing.F) {
	for _, p := range []string{"testdata/snapshot-sample.jsonl", "testdata/daily_papers_2024-10-25_first4items.json"} {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte("[{\"paper\":{\"id\":\"2410.17243\",\"title\":\"x\"},\"publishedAt\":\"2024-10-25\"},{"))
	// Gzipped, whole and cut short: the decoder's errors must end the file
	// with an error, never a panic.
	if data, err := os.ReadFile("testdata/snapshot-sample.jsonl"); err == nil {
		var gz bytes.Buffer
		w := gzip.NewWriter(&gz)
		w.Write(data)
		w.Close()
		f.Add(gz.Bytes())
		f.Add(gz.Bytes()[:gz.Len()/2])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newMemStore()
		im := newTestImporter(s, func(o *Options) { o.BatchSize = 3; o.MaxRecordBytes = 4096; o.ListedOn = testNow })
		sum, err := im.ImportReader(context.Background(), "fuzz", bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if sum.Written()+sum.Merged+sum.Skipped != sum.Read {
			t.Errorf("accounting: %+v", sum)
		}
		if sum.New != len(s.papers) {
			t.Errorf("new %d but the store holds %d papers", sum.New, len(s.papers))
		}
		for _, p := range s.papers {
			checkPaper(t, p)
		}
	})
}

// FuzzCleanParagraphs checks that abstracts keep every word, in order, and
// come out with single spaces and single paragraph breaks.
func FuzzCleanParagraphs(f *testing.F) {
	for _, s := range []string{"  First line\nwraps.\n  Second\n", "a\r\n\r\nb", "x\n\n\ny", " \t\u00a0\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := cleanParagraphs(s)
		if strings.Contains(out, "\n\n") || strings.Contains(out, "  ") || strings.Contains(out, " \n") ||
			strings.Contains(out, "\n ") || strings.TrimSpace(out) != out {
			t.Errorf("cleanParagraphs(%q) = %q", s, out)
		}
		words := func(x string) []string { return strings.FieldsFunc(x, isSpaceOrControl) }
		if utf8.ValidString(s) && !slices.Equal(words(out), words(s)) {
			t.Errorf("cleanParagraphs(%q) = %q lost or changed words", s, out)
		}
		c := collapseSpace(s)
		if !isCollapsed(c) || !utf8.ValidString(c) || utf8.ValidString(s) && !slices.Equal(words(c), words(s)) {
			t.Errorf("collapseSpace(%q) = %q", s, c)
		}
	})
}

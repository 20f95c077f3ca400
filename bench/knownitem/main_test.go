package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperwire/paperwire/search/eval"
)

func TestSentences(t *testing.T) {
	got := sentences("We study e.g. the flow. Fig. 3 shows it! Does it hold? Yes")
	want := []string{"We study e.g. the flow.", "Fig. 3 shows it!", "Does it hold?", "Yes"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestBuildIsReadableBEIR checks that both kinds of collection load with the
// loader `paperwire eval` uses, judge each query's own paper, and that a
// sentence query's sentence is no longer in its paper.
func TestBuildIsReadableBEIR(t *testing.T) {
	long := "This sentence is long enough to be drawn as the query here."
	papers := []paper{
		{ID: "2510.00001", Title: "Graph networks for molecules", Abstract: "We propose a model. " + long + " It works."},
		{ID: "2510.00002", Title: "Diffusion for images", Abstract: "Images are made. " + long + " Done."},
		{ID: "2510.00003", Title: "Short", Abstract: "One sentence only."},
	}
	for _, kind := range []string{"title", "sentence"} {
		dir := t.TempDir()
		if err := build(papers, kind, 3, 1, dir); err != nil {
			t.Fatal(err)
		}
		ds, err := eval.Load(dir, "test")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds.Docs) != 3 {
			t.Fatalf("%s: %d docs", kind, len(ds.Docs))
		}
		wantQ := map[string]int{"title": 3, "sentence": 2}[kind] // the one-sentence abstract gives no query
		if len(ds.Queries) != wantQ {
			t.Fatalf("%s: %d queries, want %d", kind, len(ds.Queries), wantQ)
		}
		text := map[string]eval.Doc{}
		for _, d := range ds.Docs {
			text[d.ID] = d
		}
		for _, q := range ds.Queries {
			id := strings.TrimPrefix(q.ID, "q")
			if ds.Qrels[q.ID][id] != 1 || len(ds.Qrels[q.ID]) != 1 {
				t.Errorf("%s: qrels of %s = %v", kind, q.ID, ds.Qrels[q.ID])
			}
			d := text[id]
			switch kind {
			case "title":
				if d.Title != "" || q.Text == "" || strings.Contains(d.Text, q.Text) {
					t.Errorf("title: query %q, doc %+v", q.Text, d)
				}
			case "sentence":
				if q.Text != long || strings.Contains(d.Text, long) || d.Title == "" {
					t.Errorf("sentence: query %q, doc %+v", q.Text, d)
				}
			}
		}
	}
}

// FuzzSentences checks that splitting loses and adds nothing: the sentences
// joined by spaces give back the (cleaned) abstract.
func FuzzSentences(f *testing.F) {
	for _, s := range []string{"A b. C d.", "e.g. x. Y", ". A", "Fig. 3. Then? Yes! No", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		s = clean(s)
		got := sentences(s)
		if strings.Join(got, " ") != s {
			t.Fatalf("sentences(%q) = %q", s, got)
		}
		for _, x := range got {
			if x == "" {
				t.Fatalf("empty sentence in %q", got)
			}
		}
	})
}

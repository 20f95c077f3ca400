package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/demo"
)

// excerptWhole is excerpt as it was before it highlighted long texts a piece
// at a time: it highlights the whole text. The piecewise one must agree.
func excerptWhole(text string, highlight func(string) []textSpan, n int) (string, []textSpan) {
	text = strings.Join(strings.Fields(text), " ")
	hl := highlight(text)
	if len(text) <= n {
		return text, hl
	}
	return cutExcerpt(text, hl, n)
}

// TestExcerptPiecewiseMatchesWhole highlights every abstract of the demo
// corpus for queries made of other papers' titles (and a few rare words, so
// that first matches fall late or nowhere) both ways and wants the same
// excerpt and marks.
func TestExcerptPiecewiseMatchesWhole(t *testing.T) {
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"zebrafish", "quantum error correction", "the of", "COVID-19 vaccine", "α-synuclein"}
	for i := 0; i < len(papers); i += 331 {
		queries = append(queries, papers[i].Title)
	}
	step := 1
	if testing.Short() {
		step = 7
	}
	late := 0
	for _, q := range queries {
		h := newHighlighter(q)
		for i := 0; i < len(papers); i += step {
			text := papers[i].Abstract
			got, gotMarks := excerpt(text, h.spans, snippetLen)
			want, wantMarks := excerptWhole(text, h.spans, snippetLen)
			if got != want || !slices.Equal(gotMarks, wantMarks) {
				t.Fatalf("%q on %s:\n got %q %v\nwant %q %v", q, papers[i].ID, got, gotMarks, want, wantMarks)
			}
			if strings.HasPrefix(got, "…") {
				late++
			}
		}
		h.close()
	}
	if late == 0 {
		t.Fatal("no excerpt started past its text's beginning: the late-match path was not exercised")
	}
}

package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// spansByTerms is the highlighter as it was before it compared keys: the
// query's terms in a set, each token's term looked up in it.
func spansByTerms(an *analysis.Analyzer, q, text string) []textSpan {
	parsed := query.Parse(q)
	want := map[string]bool{}
	for _, t := range an.Analyze(nil, parsed.Text()) {
		want[t.Term] = true
	}
	if len(want) == 0 {
		return nil
	}
	var spans []textSpan
	for _, t := range an.Analyze(nil, text) {
		if want[t.Term] {
			spans = append(spans, textSpan{t.Start, t.End})
		}
	}
	slices.SortFunc(spans, func(a, b textSpan) int { return a.Start - b.Start })
	var out []textSpan
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// TestHighlightKeysMatchTerms highlights titles and abstracts of the demo
// corpus for title and rare-word queries by keys and by terms. One
// highlighter runs on an analyzer whose cache holds only 1,024 word forms,
// so it is cleared (and its keys renumbered) many times along the way.
func TestHighlightKeysMatchTerms(t *testing.T) {
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{"zebrafish", "Modeling COVID-19 vaccines", "the of", "α-synuclein", `cat:cs.CL "large language" models -vision`}
	for i := 0; i < len(papers); i += 613 {
		queries = append(queries, papers[i].Title)
	}
	step := 7
	if testing.Short() {
		step = 61
	}
	ref := analysis.New()
	cleared := 0
	for _, q := range queries {
		parsed := query.Parse(q)
		small := &highlighter{an: analysis.NewLimited(1024), text: parsed.Text()}
		small.learn()
		pooled := newHighlighter(q)
		for i := 0; i < len(papers); i += step {
			for _, text := range []string{papers[i].Title, papers[i].Abstract} {
				want := spansByTerms(ref, q, text)
				gen := small.an.Generation()
				for _, h := range []*highlighter{pooled, small} {
					if got := h.spans(text); !slices.Equal(got, want) {
						t.Fatalf("query %q, text %.60q: keys give %v, terms %v", q, text, got, want)
					}
				}
				if small.an.Generation() != gen {
					cleared++
				}
			}
		}
		pooled.close()
	}
	if cleared == 0 {
		t.Error("the small analyzer never cleared its cache: the renumbering path went untested")
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b\tc\n\nd ", "\u00a0x\u2003y\u0085", "\xff \xfe", "  lead", "trail  ", "é  ü"} {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	f.Add("We  study\n the\tproblem \u00a0of ")
	f.Add("\xff\x85 \xc2\x85x")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestIsCollapsed(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "é ü", "\xff \xfe", "a \u2003b", "x\u0085"} {
		if got, want := isCollapsed(s), s == strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("isCollapsed(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzIsCollapsed(f *testing.F) {
	f.Add("We study the problem of")
	f.Add("a \xc2\xa0b")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isCollapsed(s), s == strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("isCollapsed(%q) = %v, want %v", s, got, want)
		}
	})
}

// BenchmarkIsCollapsed checks an abstract-sized text, as a results page does
// for each of its thirty cards.
func BenchmarkIsCollapsed(b *testing.B) {
	s := strings.Repeat("We study the problem of learning representations from data. ", 22)
	s = strings.TrimSpace(s)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if !isCollapsed(s) {
			b.Fatal("not collapsed")
		}
	}
}

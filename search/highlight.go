package search

import (
	"html"
	"sort"
	"strings"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Highlight returns the sorted, non-overlapping byte spans of text whose
// words match q's words or phrase words after analysis ("models" lights up
// "Modeling"; "COVID-19" lights up "covid").
func Highlight(q query.Query, text string) []Span {
	an := analysis.New()
	want := map[string]bool{}
	for _, t := range an.Analyze(nil, q.Text()) {
		want[t.Term] = true
	}
	if len(want) == 0 {
		return nil
	}
	var spans []Span
	for _, t := range an.Analyze(nil, text) {
		if want[t.Term] {
			spans = append(spans, Span{t.Start, t.End})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// HighlightHTML returns text as HTML-escaped markup with each span wrapped in
// <mark>…</mark>; everything else in the text is escaped, so the result is
// safe to insert into a page as is.
func HighlightHTML(text string, spans []Span) string {
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s.Start < last || s.End > len(text) || s.Start >= s.End {
			continue
		}
		b.WriteString(html.EscapeString(text[last:s.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.Start:s.End]))
		b.WriteString("</mark>")
		last = s.End
	}
	b.WriteString(html.EscapeString(text[last:]))
	return b.String()
}

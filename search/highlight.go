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
	return matchSpans(an, want, text)
}

// matchSpans returns the merged byte spans of text's words whose terms are in want.
func matchSpans(an *analysis.Analyzer, want map[string]bool, text string) []Span {
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

// Highlighter marks the words of several texts that match one query. It
// analyses the query once and borrows the index's pooled analyzer, whose stem
// cache is warm: a results page highlights dozens of texts per search.
type Highlighter struct {
	ix   *Index
	an   *analysis.Analyzer
	want map[string]bool
}

// Highlighter returns a highlighter for q; Close it when done.
func (ix *Index) Highlighter(q query.Query) *Highlighter {
	an := ix.analyzers.Get().(*analysis.Analyzer)
	h := &Highlighter{ix: ix, an: an, want: map[string]bool{}}
	for _, t := range an.Analyze(nil, q.Text()) {
		h.want[t.Term] = true
	}
	return h
}

// Spans returns the sorted, non-overlapping byte spans of text that match.
func (h *Highlighter) Spans(text string) []Span {
	if len(h.want) == 0 {
		return nil
	}
	return matchSpans(h.an, h.want, text)
}

// Close returns the analyzer to the index's pool.
func (h *Highlighter) Close() {
	if h.an != nil {
		h.ix.analyzers.Put(h.an)
		h.an = nil
	}
}

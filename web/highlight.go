package web

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// textSpan is a byte range [Start, End) of a text.
type textSpan struct{ Start, End int }

// snippetLen is about how many bytes of abstract a search result shows.
const snippetLen = 320

// analyzers holds analyzers between pages: a fresh one allocates its word
// caches, and a results page highlights dozens of texts per search.
var analyzers = sync.Pool{New: func() any { return analysis.New() }}

// highlighter marks the words of several texts that match one query, the
// same way the index matches them after analysis ("models" lights up
// "Modeling"; "COVID-19" lights up "covid"). Only pages highlight: the JSON
// API answers plain papers and never pays for it.
//
// It compares the analyzer's term keys, not the terms: a results page
// analyses thirty titles and excerpts, and keys spare building a token with
// its term string per word and hashing the term to look it up.
type highlighter struct {
	an   *analysis.Analyzer
	text string // the query's words, analysed again if the keys change
	gen  uint32 // the analyzer's generation the keys of want belong to
	want []uint32
	toks []analysis.KeyToken // reused between texts
}

// newHighlighter analyses q once; close the highlighter when done.
func newHighlighter(q string) *highlighter {
	an := analyzers.Get().(*analysis.Analyzer)
	parsed := query.Parse(q)
	h := &highlighter{an: an, text: parsed.Text()}
	h.learn()
	return h
}

// learn sets want to the keys of the query's terms in the analyzer's
// current generation.
func (h *highlighter) learn() {
	h.want = h.want[:0]
	for _, t := range h.an.AnalyzeKeys(nil, h.text) {
		if !slices.Contains(h.want, t.Key) {
			h.want = append(h.want, t.Key)
		}
	}
	h.gen = h.an.Generation()
}

func (h *highlighter) close() {
	if h.an != nil {
		analyzers.Put(h.an)
		h.an = nil
	}
}

// spans returns the sorted, non-overlapping byte spans of text that match.
func (h *highlighter) spans(text string) []textSpan {
	if len(h.want) == 0 {
		return nil
	}
	// A full analyzer clears its cache before a text, which renumbers the
	// keys: then the query's keys are learned again and the text analysed
	// again, so both sides hold keys of one generation.
	for {
		h.toks = h.an.AnalyzeKeys(h.toks[:0], text)
		if h.an.Generation() == h.gen {
			break
		}
		h.learn()
	}
	var spans []textSpan
	for _, t := range h.toks {
		if slices.Contains(h.want, t.Key) {
			spans = append(spans, textSpan{int(t.Start), int(t.End)})
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

// title returns text split into highlighted and plain pieces.
func (h *highlighter) title(text string) []Span { return splitSpans(text, h.spans(text)) }

// snippet returns an excerpt of about snippetLen bytes of text around its
// first match, split into highlighted and plain pieces.
func (h *highlighter) snippet(text string) []Span {
	return splitSpans(excerpt(text, h.spans, snippetLen))
}

// splitSpans splits text into highlighted and plain pieces.
func splitSpans(text string, hl []textSpan) []Span {
	var out []Span
	last := 0
	for _, s := range hl {
		if s.Start < last || s.End > len(text) || s.Start >= s.End {
			continue
		}
		if s.Start > last {
			out = append(out, Span{Text: text[last:s.Start]})
		}
		out = append(out, Span{Text: text[s.Start:s.End], Match: true})
		last = s.End
	}
	if last < len(text) {
		out = append(out, Span{Text: text[last:]})
	}
	return out
}

// excerpt returns about n bytes of text around its first highlighted word,
// cut at spaces (so never inside a UTF-8 sequence) and marked with "…", with
// the highlighted spans inside it. White space is collapsed first, so the
// spans are found in the text that is cut.
//
// A long text is highlighted a piece of about n bytes at a time, cut at
// spaces, and only until the excerpt's window is known and covered: a word
// never spans a space, so the spans are those of the whole text, and a results
// page analyses a few hundred bytes of each abstract instead of all of it.
func excerpt(text string, highlight func(string) []textSpan, n int) (string, []textSpan) {
	text = collapseSpace(text)
	if len(text) <= n {
		return text, highlight(text)
	}
	var hl []textSpan
	need := len(text) // highlight text[:need]; shrinks once the first match is known
	for done := 0; done < need; {
		to := min(done+n, len(text))
		if i := strings.IndexByte(text[to:], ' '); i >= 0 {
			to += i
		} else {
			to = len(text)
		}
		first := len(hl) == 0
		for _, s := range highlight(text[done:to]) {
			hl = append(hl, textSpan{Start: s.Start + done, End: s.End + done})
		}
		done = to
		if first && len(hl) > 0 {
			need = min(excerptStart(text, hl, n)+n, len(text))
		}
	}
	return cutExcerpt(text, hl, n)
}

// cutExcerpt cuts about n bytes of text (white space already collapsed)
// around its first highlighted span hl, at a space, marks the cuts with "…",
// and keeps the spans that fall inside, moved to the excerpt's offsets.
func cutExcerpt(text string, hl []textSpan, n int) (string, []textSpan) {
	start := excerptStart(text, hl, n)
	end := min(start+n, len(text))
	if end < len(text) {
		if i := strings.LastIndexByte(text[start:end], ' '); i > 0 {
			end = start + i
		}
	}
	out, shift := text[start:end], -start
	if start > 0 {
		out, shift = "…"+out, shift+len("…")
	}
	if end < len(text) {
		out += "…"
	}
	var marks []textSpan
	for _, s := range hl {
		if s.Start >= start && s.End <= end {
			marks = append(marks, textSpan{Start: s.Start + shift, End: s.End + shift})
		}
	}
	return out, marks
}

// excerptStart is where the excerpt of text begins: at the start, or a
// quarter of n before the first highlighted word when that word lies past the
// first third, moved forward to the next word.
func excerptStart(text string, hl []textSpan, n int) int {
	start := 0
	if len(hl) > 0 && hl[0].Start > n/3 {
		start = hl[0].Start - n/4
		if i := strings.IndexByte(text[start:], ' '); i >= 0 {
			start += i + 1
		}
	}
	return start
}

// collapseSpace is strings.Join(strings.Fields(s), " "), the words of s
// separated by one space, without building the slice of words, and s itself
// when it is already so.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	word := -1 // where the current word starts, -1 between words
	for i := 0; i < len(s); {
		space, n := spaceAt(s, i)
		if space {
			if word >= 0 {
				if b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(s[word:i])
				word = -1
			}
		} else if word < 0 {
			word = i
		}
		i += n
	}
	if word >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[word:])
	}
	return b.String()
}

// isCollapsed says whether s has no white space but single ' ' between words.
// It runs over every abstract a results page shows, nearly all of them
// collapsed already, so it asks its questions of the whole string with the
// vectorised byte searches; only a text holding a byte that may start a
// non-ASCII space (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) is decoded
// character by character.
func isCollapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for _, c := range []byte("\t\n\v\f\r") {
		if strings.IndexByte(s, c) >= 0 {
			return false
		}
	}
	for _, c := range []byte{0xc2, 0xe1, 0xe2, 0xe3} {
		if strings.IndexByte(s, c) >= 0 {
			return !hasOtherSpace(s)
		}
	}
	return true
}

// hasOtherSpace reports whether s holds a white space character other than
// ' ' (as unicode.IsSpace has it).
func hasOtherSpace(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c != ' ' && asciiSpace[c] {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return true
		}
		i += n
	}
	return false
}

// spaceAt reports whether the character at s[i] is white space (as
// strings.Fields has it: unicode.IsSpace) and its length in bytes.
func spaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiSpace[c], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), n
}

// asciiSpace marks the ASCII white space characters.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

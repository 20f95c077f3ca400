package web

import (
	"strings"
	"testing"
)

// marked renders spans as text with [brackets] around the matches.
func marked(sp []Span) string {
	var b strings.Builder
	for _, s := range sp {
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestHighlight(t *testing.T) {
	tests := []struct{ q, text, want string }{
		{"language models", "Large Language Modeling <b>rocks</b>", "Large [Language] [Modeling] <b>rocks</b>"},
		{`"covid vaccine" author:x`, "COVID-19 vaccines & more", "[COVID]-19 [vaccines] & more"},
		{"covid19", "COVID-19 vaccines", "[COVID-19] vaccines"},
		{"alpha synuclein", "α-synuclein", "[α]-[synuclein]"},
		{"cat:cs.CL", "<script>", "<script>"},
	}
	for _, tt := range tests {
		h := newHighlighter(tt.q)
		if got := marked(h.title(tt.text)); got != tt.want {
			t.Errorf("%q on %q = %q, want %q", tt.q, tt.text, got, tt.want)
		}
		h.close()
	}
}

func TestExcerptKeepsHighlightsInPlace(t *testing.T) {
	text := strings.Repeat("filler words here ", 30) + "the   quadratic\nbottleneck of attention " + strings.Repeat("more text ", 30)
	highlight := func(s string) []textSpan {
		var out []textSpan
		for i := 0; ; {
			j := strings.Index(s[i:], "quadratic")
			if j < 0 {
				return out
			}
			out = append(out, textSpan{Start: i + j, End: i + j + len("quadratic")})
			i += j + 1
		}
	}
	got, marks := excerpt(text, highlight, 120)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || len(got) > 120+2*len("…") {
		t.Fatalf("excerpt %q", got)
	}
	if len(marks) != 1 || got[marks[0].Start:marks[0].End] != "quadratic" {
		t.Fatalf("marks %v in %q", marks, got)
	}
	if short, m := excerpt("a  quadratic b", highlight, 120); short != "a quadratic b" || len(m) != 1 || short[m[0].Start:m[0].End] != "quadratic" {
		t.Fatalf("short text: %q %v", short, m)
	}
}

// FuzzHighlight checks that highlighting never loses, adds or reorders text
// and that every span lies inside it, whatever the query and the text.
func FuzzHighlight(f *testing.F) {
	f.Add("models", "Language <models> & ‘modelling’")
	f.Add("α", "\xff<α>")
	f.Fuzz(func(t *testing.T, q, text string) {
		h := newHighlighter(q)
		defer h.close()
		var b strings.Builder
		for _, s := range h.title(text) {
			b.WriteString(s.Text)
		}
		if b.String() != text {
			t.Fatalf("spans of %q join to %q", text, b.String())
		}
		for _, s := range h.spans(text) {
			if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("span %v out of %q", s, text)
			}
		}
		h.snippet(text)
	})
}

package search

import (
	"strings"
	"testing"

	"github.com/paperwire/paperwire/search/query"
)

func TestHighlight(t *testing.T) {
	tests := []struct{ q, text, want string }{
		{"language models", "Large Language Modeling <b>rocks</b>", "Large <mark>Language</mark> <mark>Modeling</mark> &lt;b&gt;rocks&lt;/b&gt;"},
		{`"covid vaccine" author:x`, "COVID-19 vaccines & more", "<mark>COVID</mark>-19 <mark>vaccines</mark> &amp; more"},
		{"covid19", "COVID-19 vaccines", "<mark>COVID-19</mark> vaccines"},
		{"alpha synuclein", "α-synuclein", "<mark>α</mark>-<mark>synuclein</mark>"},
		{"cat:cs.CL", "<script>", "&lt;script&gt;"},
	}
	for _, tt := range tests {
		q := query.Parse(tt.q)
		if got := HighlightHTML(tt.text, Highlight(q, tt.text)); got != tt.want {
			t.Errorf("%q on %q = %q, want %q", tt.q, tt.text, got, tt.want)
		}
	}
}

func FuzzHighlightHTML(f *testing.F) {
	f.Add("models", "Language <models> & ‘modelling’")
	f.Add("α", "\xff<α>")
	f.Fuzz(func(t *testing.T, q, text string) {
		out := HighlightHTML(text, Highlight(query.Parse(q), text))
		rest := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(rest, "<>\"") {
			t.Fatalf("unescaped markup in %q", out)
		}
	})
}

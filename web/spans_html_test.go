package web

import (
	"html/template"
	"strings"
	"testing"
)

// spansByTemplate renders spans the way the card template did before
// spansHTML: a range over them in html/template.
var spansByTemplate = template.Must(template.New("s").Parse(
	`{{range .}}{{if .Match}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}`))

func checkSpansHTML(t *testing.T, spans []Span) {
	t.Helper()
	var want strings.Builder
	if err := spansByTemplate.Execute(&want, spans); err != nil {
		t.Fatal(err)
	}
	if got := string(spansHTML(spans)); got != want.String() {
		t.Fatalf("spansHTML(%+v) = %q, template wrote %q", spans, got, want.String())
	}
}

func TestSpansHTMLMatchesTemplate(t *testing.T) {
	for _, spans := range [][]Span{
		nil,
		{{Text: "plain"}},
		{{Text: `<script>alert("x")</script>`, Match: true}, {Text: " & 'y' + z\x00 é “q” \u2028"}},
		{{Text: "a"}, {Text: "b", Match: true}, {Text: "&amp;"}, {Text: "><", Match: true}},
		{{Text: "\xff\xfe invalid UTF-8 \xc3"}},
	} {
		checkSpansHTML(t, spans)
	}
}

func FuzzSpansHTML(f *testing.F) {
	f.Add("a <b> & c", "mark'd\"+", true)
	f.Add("\x00\xff", "", false)
	f.Fuzz(func(t *testing.T, a, b string, match bool) {
		checkSpansHTML(t, []Span{{Text: a}, {Text: b, Match: match}, {Text: a + b}})
	})
}

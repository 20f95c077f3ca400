package web

import (
	"html/template"
	"strings"
)

// spansHTML renders highlighted spans as escaped text with <mark> around the
// matches, byte for byte what the card template's range over the spans wrote
// (html/template's escaping of text in an element). A results page has some
// thirty spans per card; ranging over them in the template costs a reflective
// call per span and was a tenth of the page's CPU.
func spansHTML(spans []Span) template.HTML {
	var b strings.Builder
	writeSpans(&b, spans)
	return template.HTML(b.String())
}

// writeSpans is spansHTML onto b.
func writeSpans(b *strings.Builder, spans []Span) {
	for _, s := range spans {
		if s.Match {
			b.WriteString("<mark>")
			escapeText(b, s.Text)
			b.WriteString("</mark>")
		} else {
			escapeText(b, s.Text)
		}
	}
}

// escapeText writes s escaped as html/template escapes text in an element:
// the same entities for the same bytes (it also escapes '+', and replaces NUL),
// so the page is unchanged by rendering spans outside the template.
func escapeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

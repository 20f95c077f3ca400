package web

import (
	"html/template"
	"strings"
)

// facetsHTML writes a results page's facet chips, byte for byte what
// search.html's range over them wrote (facets_html_test.go holds the two
// equal): a page has up to two dozen chips, three reflective calls each.
func facetsHTML(links []facetLink) template.HTML {
	var b strings.Builder
	for _, l := range links {
		b.WriteString(`<a class="chip" href="`)
		escapeURL(&b, l.URL)
		b.WriteString(`">`)
		escapeText(&b, l.Label)
		b.WriteString(` <span class="c">`)
		escapeText(&b, comma(l.Count))
		b.WriteString(`</span></a>`)
	}
	return template.HTML(b.String())
}

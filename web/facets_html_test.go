package web

import (
	"html/template"
	"strings"
	"testing"
)

// facetsByTemplate is the range search.html ran before facetsHTML.
var facetsByTemplate = template.Must(template.New("f").Funcs(viewFuncs).Parse(
	`{{range .}}<a class="chip" href="{{.URL}}">{{.Label}} <span class="c">{{comma .Count}}</span></a>{{end}}`))

func checkFacetsHTML(t *testing.T, links []facetLink) {
	t.Helper()
	var want strings.Builder
	if err := facetsByTemplate.Execute(&want, links); err != nil {
		t.Fatal(err)
	}
	if got := string(facetsHTML(links)); got != want.String() {
		t.Fatalf("facetsHTML(%+v) = %q, template wrote %q", links, got, want.String())
	}
}

func TestFacetsHTMLMatchesTemplate(t *testing.T) {
	q := `"large language" models <b>&'x'+y`
	checkFacetsHTML(t, nil)
	checkFacetsHTML(t, facetLinks(q, "cat", []string{"cs.CL", "cs.LG", `<i>"q"</i>`}, []int{12345, 7, -1}))
	checkFacetsHTML(t, facetLinks(q, "year", []string{"2026", "2025"}, []int{1000000, 0}))
	for _, s := range hostile {
		checkFacetsHTML(t, []facetLink{{Label: s, URL: s, Count: 3}, {Label: s, URL: "/search?q=" + urlQueryEscape(s), Count: 1234}})
	}
}

func FuzzFacetsHTML(f *testing.F) {
	f.Add("cs.CL", "diffusion transformer", 12345)
	f.Add("<x>", "javascript:alert('1')", -7)
	f.Fuzz(func(t *testing.T, label, q string, n int) {
		checkFacetsHTML(t, []facetLink{
			{Label: label, URL: "/search?q=" + urlQueryEscape(q+" cat:"+label), Count: n},
			{Label: q, URL: q, Count: n / 7},
		})
	})
}

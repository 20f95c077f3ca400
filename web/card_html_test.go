package web

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// cardTemplate is the "card" partial as html/template runs it: the markup
// of record that cardHTML must reproduce byte for byte.
var cardTemplate = template.Must(template.New("ref").Funcs(viewFuncs).ParseFS(templateFS,
	"templates/partials/card.html", "templates/partials/vote.html"))

func checkCardHTML(t *testing.T, c card) {
	t.Helper()
	var want strings.Builder
	if err := cardTemplate.ExecuteTemplate(&want, "card", c); err != nil {
		t.Fatal(err)
	}
	if got := string(cardHTML(&c)); got != want.String() {
		t.Fatalf("cardHTML(%+v):\n%s\ntemplate wrote:\n%s\nfirst difference at byte %d",
			c, got, want.String(), firstDiff(got, want.String()))
	}
}

// cardListTemplate is the range the "cards" partial ran before cardsHTML.
var cardListTemplate = template.Must(template.Must(cardTemplate.Clone()).New("list").Parse(
	`{{range .}}
  <li>{{template "card" .}}</li>
  {{- end}}`))

func TestCardsHTMLMatchesTemplate(t *testing.T) {
	a, b := sampleCard(), sampleCard()
	b.Vote.Mode, b.Title, b.TitleSpans = voteVisitor, hostile[0], nil
	for _, cards := range [][]card{nil, {a}, {a, b, a}} {
		var want strings.Builder
		if err := cardListTemplate.ExecuteTemplate(&want, "list", cards); err != nil {
			t.Fatal(err)
		}
		if got := string(cardsHTML(cards)); got != want.String() {
			t.Fatalf("cardsHTML of %d cards differs from the template at byte %d:\n%s\n---\n%s",
				len(cards), firstDiff(got, want.String()), got, want.String())
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// hostile are strings a card field may hold from an import, a user or a
// query: markup, quotes, entities, URL schemes html/template refuses,
// percent escapes valid and not, NUL, invalid UTF-8 and TeX.
var hostile = []string{
	`<script>alert("x")</script> & 'y' + z`,
	"javascript:alert(1)",
	" JavaScript:alert(document.cookie)",
	"data:text/html,<b>x</b>",
	"vbscript:x",
	`https://github.com/o/r?a=1&b=2+3 'q' "r" <s>`,
	"HTTPS://EXAMPLE.COM/Ä#frag",
	"mailto:a@b.org?subject=hi there",
	"/papers/hep-th/9901001",
	"/a:b/c",
	"%zz %41 %4 %",
	"/a%4",
	"/b%4F",
	"x\x00y",
	"\xff\xfe invalid \xc3",
	"\u2028 “quoted” é",
	`Faster $\mathcal{O}(n^2)$ attention & $\alpha<\beta$ for {TeX} \\ titles`,
	"",
}

// sampleCard is a card with every part filled, as a signed-in viewer sees it.
func sampleCard() card {
	return card{
		ID:           "2501.01234",
		URL:          "/papers/2501.01234",
		Title:        "Diffusion Transformers at Scale",
		Abstract:     "We study diffusion transformers & scaling laws <in> \"practice\".",
		Authors:      5,
		Date:         time.Date(2025, 1, 3, 0, 0, 0, 0, time.UTC),
		Category:     "cs.CV",
		CategoryURL:  "/papers/date/2025-01-03?cat=cs.CV",
		Upvotes:      12,
		Organization: "Example Lab",
		Snippet:      []Span{{Text: "We study "}, {Text: "diffusion", Match: true}, {Text: " transformers"}},
		TitleSpans:   []Span{{Text: "Diffusion", Match: true}, {Text: " Transformers at Scale"}},
		Vote:         voteButton{ID: "2501.01234", Count: 12, Mode: voteUser, Next: "/search?q=diffusion+transformer&p=2"},
		SubmittedBy:  "ada",
		SubmitterURL: "/u/ada",
		OrgURL:       "/orgs/example",
		RepoURL:      "https://github.com/example/dit",
		Stars:        12345,
		SaveURL:      "/collections/add?paper=2501.01234",
		AuthorLinks:  []navLink{{Label: "Ada Lovelace", URL: "/authors/Ada+Lovelace"}, {Label: "Alan Turing", URL: "/authors/Alan+Turing"}},
		Comments:     1,
	}
}

// cardVariant clears or changes the parts of a card that bit i of mask names.
var cardVariants = []func(*card){
	func(c *card) { c.Withdrawn = true },
	func(c *card) { c.TitleSpans = nil },
	func(c *card) { c.Snippet = nil },
	func(c *card) { c.Abstract = "" },
	func(c *card) { c.AuthorLinks = nil },
	func(c *card) { c.Comments = 0 },
	func(c *card) { c.Date = time.Time{} },
	func(c *card) { c.CategoryURL = "" },
	func(c *card) { c.Category = "" },
	func(c *card) { c.OrgURL = "" },
	func(c *card) { c.Organization = "" },
	func(c *card) { c.Stars = 0 },
	func(c *card) { c.RepoURL = "" },
	func(c *card) { c.SubmittedBy = "" },
	func(c *card) { c.SaveURL = "" },
	func(c *card) { c.Vote.Upvoted = true },
	func(c *card) { c.Vote.Mode = voteVisitor },
	func(c *card) { c.Vote.Mode = voteOff },
	func(c *card) { c.Vote.Big = true },
}

// TestCardHTMLMatchesTemplate renders every combination of present and
// absent parts (signed in, visitor, no accounts; upvoted or not; with and
// without excerpts, abstract, authors, comments, date, category, org, code,
// submitter, save link; withdrawn) both ways.
func TestCardHTMLMatchesTemplate(t *testing.T) {
	// A prime stride over the 2^19 masks: every part toggles often, in
	// thousands of different company, in about a second.
	n, step := 1<<len(cardVariants), 61
	if testing.Short() {
		step = 997
	}
	for mask := 0; mask < n; mask += step {
		c := sampleCard()
		for i, change := range cardVariants {
			if mask&(1<<i) != 0 {
				change(&c)
			}
		}
		checkCardHTML(t, c)
	}
}

// TestCardHTMLEscapesLikeTemplate puts each hostile string in every string
// field of a card, in each viewer mode, and the counts at their edges.
func TestCardHTMLEscapesLikeTemplate(t *testing.T) {
	for _, s := range hostile {
		for _, mode := range []string{voteUser, voteVisitor, voteOff} {
			c := sampleCard()
			c.ID, c.URL, c.Title, c.Abstract = s, s, s, s
			c.Category, c.CategoryURL, c.Organization, c.OrgURL = s, s, s, s
			c.RepoURL, c.SubmittedBy, c.SubmitterURL, c.SaveURL = s, s, s, s
			c.AuthorLinks = []navLink{{Label: s, URL: s}, {Label: "b", URL: s + "/x"}, {Label: s, URL: "/authors/" + s}}
			c.Vote = voteButton{ID: s, Count: -1234567, Mode: mode, Next: s}
			c.TitleSpans = []Span{{Text: s, Match: true}, {Text: s}}
			checkCardHTML(t, c)
			c.TitleSpans, c.Snippet = nil, nil
			c.Comments, c.Stars, c.Authors = -1, -1000, 1
			checkCardHTML(t, c)
		}
	}
}

// TestCardHTMLEscapes checks the escaping itself, not only that it matches:
// no field's markup or refused URL scheme reaches the page.
func TestCardHTMLEscapes(t *testing.T) {
	c := sampleCard()
	c.Title, c.TitleSpans = `<img src=x onerror="alert(1)">`, nil
	c.RepoURL = "javascript:alert(1)"
	c.Organization = `"><script>x</script>`
	got := string(cardHTML(&c))
	for _, bad := range []string{"<img", "<script", "javascript:", `onerror="`} {
		if strings.Contains(got, bad) {
			t.Errorf("card holds %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{`href="#ZgotmplZ"`, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;", "&#34;&gt;&lt;script&gt;"} {
		if !strings.Contains(got, want) {
			t.Errorf("card lacks %q:\n%s", want, got)
		}
	}
}

func FuzzCardHTML(f *testing.F) {
	f.Add("Title <b>&</b>", "https://x.org/?a=1&b='2'", "cs.LG", 3, uint32(0))
	f.Add("javascript:alert(1)", "%41%zz\x00", "\xff", -7, uint32(0xffffffff))
	f.Add(`$\alpha$ "q"`, "/papers/hep-th/9901001", "", 1, uint32(0x5555))
	f.Fuzz(func(t *testing.T, text, url, label string, n int, flags uint32) {
		c := sampleCard()
		c.ID, c.URL, c.Title, c.Abstract = label, url, text, text+label
		c.Category, c.CategoryURL, c.Organization, c.OrgURL = label, url, text, url
		c.RepoURL, c.SubmittedBy, c.SubmitterURL, c.SaveURL = url, label, url, url+label
		c.AuthorLinks = []navLink{{Label: label, URL: url}, {Label: text, URL: "/authors/" + label}}
		c.Vote = voteButton{ID: label, Count: n, Mode: []string{voteUser, voteVisitor, voteOff}[flags%3], Next: url}
		c.TitleSpans = []Span{{Text: text, Match: true}, {Text: label}}
		c.Snippet = []Span{{Text: label}, {Text: text, Match: true}}
		c.Comments, c.Stars, c.Authors = n, n/3, n%5
		c.Date = time.Unix(int64(n)*86400, 0)
		for i, change := range cardVariants {
			if flags&(1<<(i+2)) != 0 {
				change(&c)
			}
		}
		checkCardHTML(t, c)
	})
}

// BenchmarkCardList writes a results page's thirty cards through the
// template's range (as before cardsHTML) and through cardsHTML.
func BenchmarkCardList(b *testing.B) {
	cards := make([]card, 30)
	for i := range cards {
		cards[i] = sampleCard()
		cards[i].Vote.Mode = voteVisitor
	}
	b.Run("template", func(b *testing.B) {
		var buf strings.Builder
		for b.Loop() {
			buf.Reset()
			if err := cardListTemplate.ExecuteTemplate(&buf, "list", cards); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("writer", func(b *testing.B) {
		for b.Loop() {
			_ = cardsHTML(cards)
		}
	})
}

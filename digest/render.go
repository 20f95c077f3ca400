package digest

import (
	"embed"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

//go:embed templates/*
var templateFS embed.FS

var (
	htmlTmpl = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/digest.html"))
	textTmpl = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/digest.txt"))
)

// digestData is what the digest templates show.
type digestData struct {
	Subject    string
	Kind       string
	Period     Period
	Categories string
	Trending   []item
	ForYou     []item // picked by the subscriber's likes; each says why
	ForYouURL  string
	Searches   []searchSection
	SiteURL    string
	// Links every digest carries: the visible unsubscribe link is the same
	// URL as the List-Unsubscribe header's.
	ManageURL, UnsubscribeURL, ViewURL string
}

// searchSection is one saved search's new matches.
type searchSection struct {
	Query string
	URL   string
	Items []item
}

// item is one paper as the mail lists it.
type item struct {
	Title    string
	Authors  string
	Abstract string
	URL      string // the paper's page on this site
	ArxivURL string
	Upvotes  int
	// Why a For-you paper is there: "Like <BecauseTitle> that you <BecauseHow>".
	BecauseTitle, BecauseURL, BecauseHow string
}

// abstractLen bounds the abstract a digest quotes.
const abstractLen = 280

func (b *Builder) items(papers []*paperwire.Paper) []item {
	out := make([]item, 0, len(papers))
	for _, p := range papers {
		out = append(out, item{
			Title:    oneLine(p.Title),
			Authors:  authors(p.Authors),
			Abstract: shorten(oneLine(p.Abstract), abstractLen),
			URL:      b.Mail.URL("/papers/" + p.ID),
			ArxivURL: "https://arxiv.org/abs/" + p.ID,
			Upvotes:  p.Upvotes,
		})
	}
	return out
}

func authors(names []string) string {
	if len(names) > 4 {
		return strings.Join(names[:3], ", ") + " et al."
	}
	return strings.Join(names, ", ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// shorten cuts s to at most n bytes at a word boundary, with an ellipsis.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := s[:n]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

func urlEscape(s string) string { return url.QueryEscape(s) }

// render returns the digest's HTML and text parts.
func render(d *digestData) (string, string, error) {
	var h, t strings.Builder
	if err := htmlTmpl.Execute(&h, d); err != nil {
		return "", "", err
	}
	if err := textTmpl.Execute(&t, d); err != nil {
		return "", "", err
	}
	return h.String(), t.String(), nil
}

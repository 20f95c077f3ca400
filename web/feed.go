package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Feeds: every list page has an Atom 1.0 and an RSS 2.0 twin, found by
// adding /feed.atom or /feed.rss to the page's path and keeping its query
// (see feedPath). They are built with encoding/xml from the typed structs
// below, so every title, name and abstract is escaped by the encoder, never
// by hand; the one exception is RSS's <description>, which readers take as
// HTML and which therefore holds HTML built with html.EscapeString.

// feedSize is how many entries a feed carries: the newest, best or most
// relevant first, as the page sorts them.
const feedSize = 50

// feedFormat is one syndication format.
type feedFormat struct {
	Ext  string // the path's suffix: "atom" or "rss"
	Type string // the media type, without charset
	Name string // for people: "Atom", "RSS"
}

var (
	formatAtom = feedFormat{Ext: "atom", Type: "application/atom+xml", Name: "Atom"}
	formatRSS  = feedFormat{Ext: "rss", Type: "application/rss+xml", Name: "RSS"}
	// feedFormats is every format, in the order pages advertise them.
	feedFormats = []feedFormat{formatAtom, formatRSS}
)

// feedDoc is a feed before it takes a format: what a page's handler found.
type feedDoc struct {
	Title       string // "Daily Papers · July 1, 2026 · Community picks"
	Description string
	Page        string // the HTML page's path
	Query       string // the kept query string with its "?", or ""
	Papers      []*paperwire.Paper
	// Reasons say why a paper is in a personal feed (For you), by its id;
	// the entry carries its reason before the abstract.
	Reasons map[string]feedReason
}

// feedReason is why a paper is in a reader's For-you feed, as its card on
// the page says: "Like <Title> that you <How>".
type feedReason struct {
	PaperID, Title, How string // the liked paper, and "upvoted"
}

func (r feedReason) text() string { return "Like “" + r.Title + "” that you " + r.How + "." }

func (r feedReason) html(base string) string {
	return `<p>Like <a href="` + html.EscapeString(base+paperURL(r.PaperID)) + `">` + html.EscapeString(r.Title) +
		`</a> that you ` + html.EscapeString(r.How) + `</p>`
}

// summary and content are an entry's text and HTML bodies: its reason, if
// the feed gives one, then the abstract.
func (d *feedDoc) summary(p *paperwire.Paper) string {
	if r, ok := d.Reasons[p.ID]; ok {
		return r.text() + "\n\n" + p.Abstract
	}
	return p.Abstract
}

func (d *feedDoc) content(p *paperwire.Paper, base string) string {
	if r, ok := d.Reasons[p.ID]; ok {
		return r.html(base) + entryHTML(p)
	}
	return entryHTML(p)
}

// pageURL and feedURL are the page's and the feed's paths with the query.
func (d *feedDoc) pageURL() string             { return d.Page + d.Query }
func (d *feedDoc) feedURL(f feedFormat) string { return feedPath(d.Page, f) + d.Query }

// feedPath is the feed of the page at path: "/" → "/feed.atom",
// "/papers/date/2026-07-01" → "/papers/date/2026-07-01/feed.atom".
func feedPath(page string, f feedFormat) string {
	return strings.TrimSuffix(page, "/") + "/feed." + f.Ext
}

// FeedLink is a feed a page advertises in its <head>. The layout writes
// the media type from Format itself: html/template would escape its "+".
type FeedLink struct {
	Title  string
	Format string // "atom" or "rss"
	URL    string
}

// feedLinks are the Atom and RSS links of the page at page (a path) with
// the query string query ("" or "?…").
func feedLinks(title, page, query string) []FeedLink {
	var out []FeedLink
	for _, f := range feedFormats {
		out = append(out, FeedLink{Title: title + " (" + f.Name + ")", Format: f.Ext, URL: feedPath(page, f) + query})
	}
	return out
}

// The Atom 1.0 document (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
	Href  string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

// The RSS 2.0 document, with Dublin Core creators (RSS's own <author>
// wants an email address) and Atom's rel="self" link.
type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	DCNS    string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Self          rssSelf   `xml:"atom:link"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []rssCategory `xml:"category"`
	Description string        `xml:"description"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Body        string `xml:",chardata"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr"`
	Body   string `xml:",chardata"`
}

// arxivScheme names arXiv's category taxonomy, as arXiv's own Atom API does.
const arxivScheme = "http://arxiv.org/schemas/atom"

// entryDates are a paper's published date (its first version's, else its
// listing day, like a card) and updated date (its newest version's, never
// before published).
func entryDates(p *paperwire.Paper) (published, updated time.Time) {
	published = paperDate(p).UTC()
	updated = published
	if p.Updated.After(updated) {
		updated = p.Updated.UTC()
	}
	return published, updated
}

// newest is the latest updated date of the papers: the feed's own updated
// date and Last-Modified. Zero for no papers.
func newest(papers []*paperwire.Paper) time.Time {
	var t time.Time
	for _, p := range papers {
		if _, u := entryDates(p); u.After(t) {
			t = u
		}
	}
	return t
}

// entryHTML is an entry's body as HTML: authors, abstract, arXiv links.
func entryHTML(p *paperwire.Paper) string {
	var b strings.Builder
	if len(p.Authors) > 0 {
		b.WriteString("<p>" + html.EscapeString(strings.Join(p.Authors, ", ")) + "</p>")
	}
	if p.Withdrawn {
		b.WriteString("<p><strong>Withdrawn.</strong></p>")
	}
	b.WriteString("<p>" + html.EscapeString(p.Abstract) + "</p>")
	fmt.Fprintf(&b, `<p><a href="%s">arXiv:%s</a> · <a href="%s">PDF</a></p>`,
		html.EscapeString(p.AbsURL()), html.EscapeString(p.ID), html.EscapeString(p.PDFURL()))
	return b.String()
}

func atomOf(d *feedDoc, base string) *atomFeed {
	updated := newest(d.Papers)
	if updated.IsZero() {
		updated = time.Unix(0, 0).UTC() // an empty feed has not changed since… ever
	}
	a := &atomFeed{
		ID:    base + d.feedURL(formatAtom),
		Title: atomText{Type: "text", Body: d.Title},
		Links: []atomLink{
			{Rel: "self", Type: formatAtom.Type, Href: base + d.feedURL(formatAtom)},
			{Rel: "alternate", Type: "text/html", Href: base + d.pageURL()},
			{Rel: "alternate", Type: formatRSS.Type, Href: base + d.feedURL(formatRSS)},
		},
		Updated:   updated.Format(time.RFC3339),
		Author:    atomPerson{Name: "Paperwire"},
		Generator: "Paperwire",
	}
	if d.Description != "" {
		a.Subtitle = &atomText{Type: "text", Body: d.Description}
	}
	for _, p := range d.Papers {
		pub, upd := entryDates(p)
		e := atomEntry{
			ID:        base + paperURL(p.ID),
			Title:     atomText{Type: "text", Body: p.Title},
			Published: pub.Format(time.RFC3339),
			Updated:   upd.Format(time.RFC3339),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: base + paperURL(p.ID)},
				{Rel: "related", Type: "text/html", Title: "arXiv", Href: p.AbsURL()},
				{Rel: "related", Type: "application/pdf", Title: "PDF", Href: p.PDFURL()},
			},
			Summary: atomText{Type: "text", Body: d.summary(p)},
			Content: atomText{Type: "html", Body: d.content(p, base)},
		}
		for _, name := range p.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: name})
		}
		for _, c := range p.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c, Scheme: arxivScheme})
		}
		a.Entries = append(a.Entries, e)
	}
	return a
}

func rssOf(d *feedDoc, base string) *rssFeed {
	r := &rssFeed{
		Version: "2.0",
		AtomNS:  "http://www.w3.org/2005/Atom",
		DCNS:    "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title:       d.Title,
			Link:        base + d.pageURL(),
			Description: d.Description,
			Self:        rssSelf{Rel: "self", Type: formatRSS.Type, Href: base + d.feedURL(formatRSS)},
			Generator:   "Paperwire",
		},
	}
	if r.Channel.Description == "" {
		r.Channel.Description = d.Title
	}
	if t := newest(d.Papers); !t.IsZero() {
		r.Channel.LastBuildDate = t.Format(time.RFC1123Z)
	}
	for _, p := range d.Papers {
		pub, _ := entryDates(p)
		it := rssItem{
			Title:       p.Title,
			Link:        base + paperURL(p.ID),
			GUID:        rssGUID{IsPermaLink: "true", Body: base + paperURL(p.ID)},
			Creators:    p.Authors,
			Description: d.content(p, base),
		}
		if !pub.IsZero() {
			it.PubDate = pub.Format(time.RFC1123Z)
		}
		for _, c := range p.Categories {
			it.Categories = append(it.Categories, rssCategory{Domain: "https://arxiv.org", Body: c})
		}
		r.Channel.Items = append(r.Channel.Items, it)
	}
	return r
}

// feedCacheControl lets readers and proxies keep a feed five minutes;
// after that a conditional GET usually costs a 304.
const feedCacheControl = "public, max-age=300"

// writeFeed encodes d in format f and answers it with the validators a
// conditional GET needs: a weak ETag, a hash of the body (which holds no
// "now", so the same papers give the same tag on every instance), and
// Last-Modified, the newest entry's date. httpCaching turns them into 304s.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, f feedFormat, d *feedDoc) {
	base := s.absBase(r)
	var v any = rssOf(d, base)
	if f == formatAtom {
		v = atomOf(d, base)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		s.fail(w, r, fmt.Errorf("web: encode %s feed: %w", f.Name, err))
		return
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", f.Type+"; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("ETag", bodyETag(buf.Bytes()))
	if t := newest(d.Papers); !t.IsZero() {
		h.Set("Last-Modified", t.UTC().Format(http.TimeFormat))
	}
	h.Set("Cache-Control", feedCacheControl)
	h.Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
}

// absBase is the scheme and host absolute links start with: Config.BaseURL
// when set, else the request's own (https when it came over TLS, or, with
// TrustProxy, when the proxy says X-Forwarded-Proto: https).
func (s *Server) absBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil || s.trustProxy && r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

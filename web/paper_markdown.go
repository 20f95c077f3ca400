package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

// markdownSuffix turns a paper page's path into its Markdown twin's.
const markdownSuffix = ".md"

// markdownType is what /papers/{id}.md is served as.
const markdownType = "text/markdown; charset=utf-8"

// paperRoute serves GET /papers/{id...}: the paper page, or, for a path
// ending in .md, the same paper as Markdown (what Hugging Face serves at
// /papers/{id}.md and huggingface_hub's HfApi.read_paper reads). The more
// specific /papers/... routes (date, week, month, trending, submit, feeds,
// upvotes) are matched by the mux before this pattern.
//
// The page goes through the page cache. The Markdown's links are absolute, so,
// like the feeds, it is cached only when Config.BaseURL fixes the host: else
// the host comes from the request and one host's answer must never be replayed
// to another.
func (s *Server) paperRoute() http.HandlerFunc {
	page := s.cache.wrap(s.paperShow)
	md := s.paperMarkdown
	if s.baseURL != "" {
		md = s.cache.wrap(md)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.PathValue("id"), markdownSuffix) {
			md(w, r)
			return
		}
		page(w, r)
	}
}

// paperMarkdown shows /papers/{id}.md. Ids are normalised as on the page:
// /papers/2410.12345v2.md redirects to /papers/2410.12345.md, and old-style
// ids keep their slash (/papers/hep-th/9901001.md).
func (s *Server) paperMarkdown(w http.ResponseWriter, r *http.Request) {
	raw := strings.TrimSuffix(r.PathValue("id"), markdownSuffix)
	id, version, err := paperwire.ParseArxivID(raw)
	if err != nil {
		s.failMarkdown(w, r, err)
		return
	}
	if canonical := paperURL(id) + markdownSuffix; version != 0 || id != raw || r.URL.EscapedPath() != canonical {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return
	}
	p, err := s.papers.Paper(r.Context(), id)
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		s.failMarkdown(w, r, paperwire.Errorf(paperwire.ENOTFOUND,
			"Paperwire has no paper %s yet. Look for it on arXiv: %s", id, "https://arxiv.org/abs/"+id))
		return
	} else if err != nil {
		s.failMarkdown(w, r, err)
		return
	}
	body := paperMarkdownOf(p, s.related(r, id), s.absBase(r))
	h := w.Header()
	h.Set("Content-Type", markdownType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write([]byte(body)) //nolint:errcheck // the client went away; nothing to do
	}
}

// failMarkdown answers err as a short Markdown document with the status
// from the error table.
func (s *Server) failMarkdown(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(w, r, err) {
		return
	}
	noteError(r, err)
	st := statusOf(err)
	msg := paperwire.ErrorMessage(err)
	if st >= 500 && st != http.StatusServiceUnavailable {
		msg = "Something went wrong on our side. Please try again in a moment."
	}
	w.Header().Set("Content-Type", markdownType)
	w.WriteHeader(st)
	fmt.Fprintf(w, "# %s\n\n%s\n", mdHeading(headingFor(st)), mdBlock(msg))
}

// paperMarkdownOf writes p as Markdown: title, authors, links, dates,
// categories, upvotes, abstract and related papers. Links are absolute under
// base (absBase).
func paperMarkdownOf(p *paperwire.Paper, related []*paperwire.Paper, base string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdHeading(p.Title))
	if p.Withdrawn {
		b.WriteString("**This paper has been withdrawn by its authors or removed from arXiv.**\n\n")
	}
	if len(p.Authors) > 0 {
		authors := make([]string, len(p.Authors))
		for i, a := range p.Authors {
			authors[i] = mdInline(a)
		}
		fmt.Fprintf(&b, "**Authors:** %s\n\n", strings.Join(authors, ", "))
	}
	if o := p.Organization; o != nil && (o.Fullname != "" || o.Name != "") {
		name := o.Fullname
		if name == "" {
			name = o.Name
		}
		fmt.Fprintf(&b, "**Organization:** %s\n\n", mdInline(name))
	}

	b.WriteString("## Links\n\n")
	link := func(label, url string) {
		if u := mdURL(url); u != "" {
			fmt.Fprintf(&b, "- %s: <%s>\n", label, u)
		}
	}
	link("Paper page", base+paperURL(p.ID))
	link("arXiv", p.AbsURL())
	link("PDF", p.PDFURL())
	if p.DOI != "" {
		link("DOI", "https://doi.org/"+p.DOI)
	}
	link("GitHub", p.GitHubRepo)
	link("Project page", p.ProjectPage)
	b.WriteString("\n")

	b.WriteString("## Details\n\n")
	fact := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "- %s: %s\n", label, value)
		}
	}
	fact("arXiv id", mdInline(p.ID))
	fact("Submitted", isoDate(p.Submitted))
	fact("Announced", isoDate(p.ListedOn))
	fact("On the daily papers", isoDate(p.SubmittedOn)) // the community's pick, that day
	if p.SubmittedBy != "" {
		fact("Submitted by", fmt.Sprintf("[%s](%s)", mdLinkText(p.SubmittedBy), mdURL(base+userURL(p.SubmittedBy))))
	}
	if len(p.Categories) > 0 {
		cats := make([]string, len(p.Categories))
		for i, c := range p.Categories {
			cats[i] = mdInline(c)
		}
		fact("Categories", strings.Join(cats, ", "))
	}
	fact("Upvotes", strconv.Itoa(p.Upvotes))
	b.WriteString("\n")

	if p.AISummary != "" {
		fmt.Fprintf(&b, "## Summary\n\n%s\n\n", mdBlock(p.AISummary))
	}
	if abs := mdBlock(p.Abstract); abs != "" {
		fmt.Fprintf(&b, "## Abstract\n\n%s\n\n", abs)
	}
	if len(related) > 0 {
		b.WriteString("## Related papers\n\n")
		for _, rp := range related {
			fmt.Fprintf(&b, "- [%s](%s)\n", mdLinkText(rp.Title), mdURL(base+paperURL(rp.ID)))
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// The Markdown escapers keep a text what it is (one heading, one paragraph,
// one link's text) without losing TeX: backslashes, $, _, ^ and braces pass
// as typed. What is escaped is only what would change the document's
// structure: raw HTML (a '<' that could open a tag becomes &lt;), block
// markers at the start of a paragraph (#, >, -, +, *, =, |, ~, `, "1."),
// link and image syntax ("](" and "]["), and, in link text, every bracket.

var (
	// htmlOpenRe finds a '<' that could start a tag, comment, declaration,
	// processing instruction or autolink.
	htmlOpenRe = regexp.MustCompile(`<([A-Za-z/!?])`)
	// orderedRe is a paragraph that would start an ordered list ("2019. A year").
	orderedRe = regexp.MustCompile(`^(\d{1,9})([.)])`)
	// linkRe is the middle of inline link or reference syntax.
	linkRe = regexp.MustCompile(`\]([(\[:])`)
	// spaceRe is any run of white space, newlines included.
	spaceRe = regexp.MustCompile(`\s+`)
	// paragraphRe separates paragraphs: a blank line.
	paragraphRe = regexp.MustCompile(`\n[ \t]*\n`)
)

// mdText is s on one line (white space, newlines included, collapses to
// single spaces) with raw HTML defused.
func mdText(s string) string {
	s = strings.TrimSpace(spaceRe.ReplaceAllString(s, " "))
	return htmlOpenRe.ReplaceAllString(s, "&lt;$1")
}

// mdInline escapes s for use inside a line: mdText, and link syntax defused.
func mdInline(s string) string {
	return linkRe.ReplaceAllString(mdText(s), `\]$1`)
}

// mdLine is mdInline for text that starts a line (a paragraph, a heading's
// text): a leading block marker is backslashed.
func mdLine(s string) string {
	s = mdInline(s)
	if s == "" {
		return s
	}
	if strings.ContainsRune(`#>-+*=|~`+"`"+`[`, rune(s[0])) {
		return `\` + s
	}
	return orderedRe.ReplaceAllString(s, `$1\$2`)
}

// mdHeading is s as the text of an ATX heading: also a closing run of '#'
// (which the heading would drop) is backslashed.
func mdHeading(s string) string {
	s = mdLine(s)
	if strings.HasSuffix(s, "#") {
		s = s[:len(s)-1] + `\#`
	}
	return s
}

// mdBlock is s as paragraphs: blank lines separate paragraphs, other line
// breaks are joined, and each paragraph is escaped with mdLine.
func mdBlock(s string) string {
	var paras []string
	for _, para := range paragraphRe.Split(strings.ReplaceAll(s, "\r\n", "\n"), -1) {
		if para = mdLine(para); para != "" {
			paras = append(paras, para)
		}
	}
	return strings.Join(paras, "\n\n")
}

// mdLinkText is s as the text of a link: every bracket is backslashed,
// since an unbalanced one would end the link early.
func mdLinkText(s string) string {
	return linkTextEscaper.Replace(mdText(s))
}

// linkTextEscaper backslashes brackets, and a backslash already before one
// (TeX's \[) so that it stays a backslash rather than escaping the bracket.
var linkTextEscaper = strings.NewReplacer(`\[`, `\\\[`, `\]`, `\\\]`, "[", `\[`, "]", `\]`)

// mdURL is u fit for a Markdown link or autolink, or "" when it is not an
// http(s) URL (a javascript: link must not become clickable). Characters
// that would end the destination are percent-encoded.
func mdURL(u string) string {
	u = strings.TrimSpace(u)
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "\t", "%09", "\n", "%0A", "\r", "%0D",
		"<", "%3C", ">", "%3E", "(", "%28", ")", "%29", "`", "%60").Replace(u)
}

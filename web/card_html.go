package web

import (
	"html/template"
	"strconv"
	"strings"
)

// cardHTML writes a paper card, byte for byte what the "card" template
// (templates/partials/card.html, with its "vote" partial) writes for c. The
// template stays the markup of record: card_html_test.go renders every kind
// of card both ways and requires the same bytes, and a fuzz target does the
// same on random cards. Through the template a card costs some forty
// reflective field reads and function calls; a results page of thirty cards
// spent a fifth of its CPU there.
func cardHTML(c *card) template.HTML {
	var b strings.Builder
	b.Grow(2048 + len(c.Abstract))
	writeCard(&b, c)
	return template.HTML(b.String())
}

// cardsHTML writes the list items of a page's cards, what the "cards"
// partial's range over them wrote: one builder for the whole list, no
// reflective call per card.
func cardsHTML(cards []card) template.HTML {
	var b strings.Builder
	b.Grow(len(cards) * 2560)
	for i := range cards {
		b.WriteString("\n  <li>")
		writeCard(&b, &cards[i])
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// writeCard is the body of card.html.
func writeCard(b *strings.Builder, c *card) {
	b.WriteString("\n<article class=\"card")
	if c.Withdrawn {
		b.WriteString(" withdrawn")
	}
	b.WriteString("\" id=\"")
	escapeText(b, cardAnchor(c.Vote.ID))
	b.WriteString("\">")
	writeVote(b, &c.Vote)
	b.WriteString("\n  <div class=\"card-body\">\n    <h3 class=\"card-title\"><a href=\"")
	escapeURL(b, c.URL)
	b.WriteString("\">")
	if len(c.TitleSpans) > 0 {
		writeSpans(b, c.TitleSpans)
	} else {
		escapeText(b, c.Title)
	}
	b.WriteString("</a></h3>")
	if len(c.Snippet) > 0 {
		b.WriteString("\n    <p class=\"snippet\">")
		writeSpans(b, c.Snippet)
		b.WriteString("</p>")
	} else if c.Abstract != "" {
		b.WriteString("\n    <details class=\"abstract\">\n      <summary><span class=\"text\">")
		escapeText(b, c.Abstract)
		b.WriteString("</span><span class=\"toggle\"><span class=\"more\">Show more</span><span class=\"less\">Show less</span></span></summary>\n    </details>")
	}
	b.WriteString("\n    <p class=\"meta\">\n      <span class=\"card-authors\">")
	for i, a := range c.AuthorLinks {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("<a href=\"")
		escapeURL(b, a.URL)
		b.WriteString("\">")
		escapeText(b, a.Label)
		b.WriteString("</a>")
	}
	b.WriteString("</span>")
	if len(c.AuthorLinks) > 0 {
		b.WriteString(metaDot)
	}
	b.WriteString("<span class=\"n-authors\">")
	escapeText(b, plural(c.Authors, "author"))
	b.WriteString("</span>")
	if c.Comments != 0 {
		b.WriteString(metaDot)
		b.WriteString("<a class=\"n-comments\" href=\"")
		escapeURL(b, c.URL)
		b.WriteString("#discussion\">")
		escapeText(b, plural(c.Comments, "comment"))
		b.WriteString("</a>")
	}
	if !c.Date.IsZero() {
		b.WriteString(metaDot)
		b.WriteString("<time datetime=\"")
		escapeText(b, isoDate(c.Date))
		b.WriteString("\">")
		escapeText(b, formatDate(c.Date))
		b.WriteString("</time>")
	}
	if c.Category != "" {
		b.WriteString(metaDot)
		if c.CategoryURL != "" {
			b.WriteString("<a class=\"chip\" href=\"")
			escapeURL(b, c.CategoryURL)
			b.WriteString("\" title=\"Only ")
			escapeText(b, c.Category)
			b.WriteString("\">")
			escapeText(b, c.Category)
			b.WriteString("</a>")
		} else {
			b.WriteString("<span class=\"chip\">")
			escapeText(b, c.Category)
			b.WriteString("</span>")
		}
	}
	if c.Organization != "" {
		b.WriteString(metaDot)
		if c.OrgURL != "" {
			b.WriteString("<a class=\"org\" href=\"")
			escapeURL(b, c.OrgURL)
			b.WriteString("\">")
			escapeText(b, c.Organization)
			b.WriteString("</a>")
		} else {
			b.WriteString("<span class=\"org\">")
			escapeText(b, c.Organization)
			b.WriteString("</span>")
		}
	}
	if c.RepoURL != "" {
		b.WriteString(metaDot)
		b.WriteString("<a class=\"repo\" href=\"")
		escapeURL(b, c.RepoURL)
		b.WriteString("\" rel=\"external\">Code")
		if c.Stars != 0 {
			b.WriteString(" ★ ")
			escapeText(b, comma(c.Stars))
		}
		b.WriteString("</a>")
	}
	if c.SubmittedBy != "" {
		b.WriteString(metaDot)
		b.WriteString("<span class=\"by\">Submitted by <a href=\"")
		escapeURL(b, c.SubmitterURL)
		b.WriteString("\">")
		escapeText(b, c.SubmittedBy)
		b.WriteString("</a></span>")
	}
	if c.Withdrawn {
		b.WriteString(metaDot)
		b.WriteString("<span class=\"badge\">Withdrawn</span>")
	}
	if c.SaveURL != "" {
		b.WriteString(metaDot)
		b.WriteString("<a class=\"save\" href=\"")
		escapeURL(b, c.SaveURL)
		b.WriteString("\">Save</a>")
	}
	b.WriteString("\n      <span class=\"arxiv-id\">")
	escapeText(b, c.ID)
	b.WriteString("</span>\n    </p>\n  </div>\n</article>\n")
}

// metaDot separates the parts of a card's meta line.
const metaDot = "<span class=\"dot\" aria-hidden=\"true\">·</span>"

// voteArrow is the upvote button's triangle.
const voteArrow = "<svg aria-hidden=\"true\" viewBox=\"0 0 12 12\" width=\"12\" height=\"12\"><path d=\"M6 2 11 9H1z\" fill=\"currentColor\"/></svg>"

// writeVote is the body of vote.html.
func writeVote(b *strings.Builder, v *voteButton) {
	switch v.Mode {
	case voteUser:
		b.WriteString("\n<form class=\"vote\" method=\"post\" action=\"")
		escapeURL(b, v.Action())
		b.WriteString("\" data-vote data-api=\"")
		escapeText(b, v.API())
		b.WriteString("\">\n  <input type=\"hidden\" name=\"action\" value=\"")
		if v.Upvoted {
			b.WriteString("down")
		} else {
			b.WriteString("up")
		}
		b.WriteString("\">\n  <input type=\"hidden\" name=\"next\" value=\"")
		escapeText(b, v.Next)
		b.WriteString("\">\n  <button type=\"submit\" class=\"votes")
		if v.Big {
			b.WriteString(" big")
		}
		if v.Upvoted {
			b.WriteString("\" aria-pressed=\"true\" title=\"Take back your upvote\">")
		} else {
			b.WriteString("\" aria-pressed=\"false\" title=\"Upvote\">")
		}
		b.WriteString("\n    ")
		b.WriteString(voteArrow)
		b.WriteString("\n    <span class=\"vh\">Upvote, </span><span class=\"n\">")
		b.WriteString(strconv.Itoa(v.Count))
		b.WriteString("</span>\n  </button>\n</form>")
	case voteVisitor:
		b.WriteString("\n<a class=\"votes")
		if v.Big {
			b.WriteString(" big")
		}
		b.WriteString("\" href=\"")
		escapeURL(b, v.SignIn())
		b.WriteString("\" rel=\"nofollow\" title=\"Sign in to upvote\">\n  ")
		b.WriteString(voteArrow)
		b.WriteString("\n  <span class=\"vh\">Sign in to upvote; upvotes: </span><span class=\"n\">")
		b.WriteString(strconv.Itoa(v.Count))
		b.WriteString("</span>\n</a>")
	default:
		b.WriteString("\n<div class=\"votes")
		if v.Big {
			b.WriteString(" big")
		}
		b.WriteString("\" title=\"")
		escapeText(b, plural(v.Count, "upvote"))
		b.WriteString("\">\n  ")
		b.WriteString(voteArrow)
		b.WriteString("\n  <span class=\"vh\">Upvotes: </span><span class=\"n\">")
		b.WriteString(strconv.Itoa(v.Count))
		b.WriteString("</span>\n</div>")
	}
	b.WriteString("\n")
}

// escapeURL writes s as html/template writes a value that is a whole
// URL attribute in double quotes: a URL with a scheme other than http,
// https or mailto becomes "#ZgotmplZ" (urlFilter); bytes a URL may not hold
// bare are percent-encoded, valid %XX escapes kept (urlNormalizer); then
// '&' and '+' are escaped for the attribute (attrEscaper: the normalized
// URL holds no other byte it escapes).
func escapeURL(b *strings.Builder, s string) {
	if !isSafeURL(s) {
		b.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var rep string
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case c == '&':
			rep = "&amp;"
		case c == '+':
			rep = "&#43;"
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		default:
			b.WriteString(s[last:i])
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			last = i + 1
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// isSafeURL is html/template's test: no scheme, or http, https or mailto.
func isSafeURL(s string) bool {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") {
		return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

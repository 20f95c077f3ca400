package web

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/paperwire/paperwire"
)

// bibtex renders a paper as a BibTeX @misc entry in arXiv's recommended form
// (eprint, archivePrefix, primaryClass), adding the DOI and journal reference
// when known. Values are brace-delimited; unbalanced braces are dropped so the
// entry always parses.
func bibtex(p *paperwire.Paper) string {
	var b strings.Builder
	b.WriteString("@misc{")
	b.WriteString(bibKey(p))
	b.WriteString(",\n")
	field := func(name, value string) {
		value = strings.Join(strings.Fields(value), " ")
		if value == "" {
			return
		}
		b.WriteString("  ")
		b.WriteString(name)
		b.WriteString(strings.Repeat(" ", max(0, 13-len(name))))
		b.WriteString(" = {")
		b.WriteString(balanceBraces(value))
		b.WriteString("},\n")
	}
	field("title", p.Title)
	field("author", strings.Join(p.Authors, " and "))
	if y := paperDate(p); !y.IsZero() {
		field("year", strconv.Itoa(y.Year()))
	}
	field("eprint", p.ID)
	field("archivePrefix", "arXiv")
	field("primaryClass", p.PrimaryCategory())
	field("doi", p.DOI)
	field("journal", p.JournalRef)
	field("url", p.AbsURL())
	b.WriteString("}")
	return b.String()
}

// bibKey is "lastnameYEARfirstword", e.g. "vaswani2017attention", from ASCII
// letters only; it falls back to the arXiv id.
func bibKey(p *paperwire.Paper) string {
	var key strings.Builder
	if len(p.Authors) > 0 {
		names := strings.Fields(p.Authors[0])
		if len(names) > 0 {
			key.WriteString(asciiLower(names[len(names)-1]))
		}
	}
	if y := paperDate(p); !y.IsZero() {
		key.WriteString(strconv.Itoa(y.Year()))
	}
	for _, w := range strings.Fields(p.Title) {
		w = asciiLower(w)
		if w != "" && !stopword[w] {
			key.WriteString(w)
			break
		}
	}
	if key.Len() < 6 {
		return "arxiv" + strings.NewReplacer("/", "_", ".", "_").Replace(p.ID)
	}
	return key.String()
}

var stopword = map[string]bool{"a": true, "an": true, "the": true, "on": true, "of": true, "in": true, "for": true, "to": true, "and": true}

func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// balanceBraces removes braces that do not pair up.
func balanceBraces(s string) string {
	if !strings.ContainsAny(s, "{}") {
		return s
	}
	drop := make([]bool, len(s))
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			open = append(open, i)
		case '}':
			if len(open) == 0 {
				drop[i] = true
			} else {
				open = open[:len(open)-1]
			}
		}
	}
	for _, i := range open {
		drop[i] = true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !drop[i] {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// collapseSpace trims s and turns every run of whitespace or control
// characters into one space. Clean input is returned without copying, which
// is the common case for titles and names.
func collapseSpace(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpaceOrControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isCollapsed reports whether collapseSpace would return s unchanged.
func isCollapsed(s string) bool {
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return isCollapsedSlow(s)
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		if c < ' ' || c == 0x7f {
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

func isCollapsedSlow(s string) bool {
	prevSpace := true
	for _, r := range s {
		if r == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		if isSpaceOrControl(r) {
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

func isSpaceOrControl(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff'
}

// cleanParagraphs normalizes an abstract: lines are joined with single
// spaces, and a paragraph break (an empty line, or a line indented the way
// arXiv marks a new paragraph) becomes one "\n". It runs in one pass, since
// every imported abstract goes through it.
func cleanParagraphs(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return collapseSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	lineStart, space, para, prevCR := true, false, false, false
	for _, r := range s {
		crlf := prevCR && r == '\n'
		prevCR = r == '\r'
		switch {
		case crlf:
			continue
		case r == '\n' || r == '\r':
			if lineStart && b.Len() > 0 {
				para = true // a blank line
			}
			lineStart, space = true, true
			continue
		case isSpaceOrControl(r):
			if lineStart && b.Len() > 0 {
				para = true // arXiv indents a paragraph's first line
			}
			lineStart, space = false, true
			continue
		}
		if b.Len() > 0 {
			if para {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
		lineStart, space, para = false, false, false
	}
	return b.String()
}

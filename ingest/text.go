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
// arXiv marks a new paragraph) becomes one "\n".
func cleanParagraphs(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return collapseSpace(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for line := range strings.SplitSeq(s, "\n") {
		text := collapseSpace(line)
		if text == "" {
			flush()
			continue
		}
		if len(cur) > 0 && (line[0] == ' ' || line[0] == '\t') {
			flush()
		}
		cur = append(cur, text)
	}
	flush()
	return strings.Join(paras, "\n")
}

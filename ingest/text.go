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
	return cleanSpace(s, false)
}

// cleanParagraphs normalizes an abstract: lines are joined with single
// spaces, and a paragraph break (an empty line, or a line indented the way
// arXiv marks a new paragraph) becomes one "\n".
func cleanParagraphs(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return collapseSpace(s)
	}
	return cleanSpace(s, true)
}

// cleanSpace does the work of collapseSpace and, with paragraphs set,
// cleanParagraphs. It runs in one pass and copies runs of ordinary
// characters whole, since every imported title and abstract goes through it.
func cleanSpace(s string, paragraphs bool) string {
	var b strings.Builder
	b.Grow(len(s))
	lineStart, space, para := true, false, false
	for i := 0; i < len(s); {
		c := s[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case paragraphs && c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			i++ // CRLF counts as one line end
			continue
		case paragraphs && (c == '\n' || c == '\r'):
			if lineStart && b.Len() > 0 {
				para = true // a blank line
			}
			lineStart, space = true, true
			i++
			continue
		case isSpaceOrControl(r):
			if paragraphs && lineStart && b.Len() > 0 {
				para = true // arXiv indents a paragraph's first line
			}
			lineStart, space = false, true
			i += size
			continue
		}
		if b.Len() > 0 {
			if para {
				b.WriteByte('\n')
			} else if space {
				b.WriteByte(' ')
			}
		}
		j := i + size
		for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf && s[j] != 0x7f {
			j++
		}
		if size == 1 && c >= utf8.RuneSelf {
			b.WriteRune(r) // an invalid byte becomes U+FFFD, as in decoded JSON
			b.WriteString(s[i+size : j])
		} else {
			b.WriteString(s[i:j])
		}
		i = j
		lineStart, space, para = false, false, false
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
	if !utf8.ValidString(s) {
		return false // invalid bytes become U+FFFD
	}
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
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u200b' || r == '\ufeff'
}

package analysis

import "strings"

// emitWord turns the scanned segments of one word into tokens.
func (a *Analyzer) emitWord(dst []Token, pos int, afterBackslash bool) ([]Token, int) {
	segs := a.mergeSegments()
	if afterBackslash && latexNoise[segs[0].text] {
		segs = segs[1:]
		if len(segs) == 0 {
			return dst, pos
		}
	}
	first := pos
	for _, s := range segs {
		if t, ok := a.term(s.text, s.digits, true); ok {
			dst = append(dst, Token{Term: t, Pos: pos, Start: s.start, End: s.end})
		}
		pos++
	}
	if len(segs) > 1 && len(segs) <= maxCompoundParts {
		var b strings.Builder
		dotted := true
		digits := true
		for i, s := range segs {
			if i > 0 && s.sep != '.' {
				dotted = false
			}
			digits = digits && s.digits
		}
		for i, s := range segs {
			if i > 0 && dotted {
				b.WriteByte('.')
			}
			b.WriteString(s.text)
		}
		if t, ok := a.term(b.String(), digits, false); ok {
			dst = append(dst, Token{Term: t, Pos: first, Start: segs[0].start, End: segs[len(segs)-1].end})
		}
	}
	return dst, pos
}

// mergeSegments joins segments across apostrophes ("don't" → "dont",
// "O'Neil" → "oneil"), drops a possessive "'s", and keeps decimal numbers
// ("3.5") in one piece.
func (a *Analyzer) mergeSegments() []segment {
	segs := a.segs
	if n := len(segs); n > 1 && segs[n-1].sep == '\'' && segs[n-1].text == "s" {
		segs = segs[:n-1]
	}
	out := segs[:1]
	for _, s := range segs[1:] {
		last := &out[len(out)-1]
		switch {
		case s.sep == '\'':
			last.text += s.text
			last.end = s.end
			last.digits = last.digits && s.digits
		case s.sep == '.' && last.digits && s.digits:
			last.text += "." + s.text
			last.end = s.end
		default:
			out = append(out, s)
		}
	}
	return out
}

// term filters and stems one word; ok is false for a dropped word.
func (a *Analyzer) term(w string, digits, filterStop bool) (string, bool) {
	if len(w) > MaxTermLen || w == "" {
		return "", false
	}
	if filterStop && stopwords[w] {
		return "", false
	}
	if digits || hasDigit(w) || strings.IndexByte(w, '.') >= 0 {
		return w, true
	}
	return a.st.stem(w), true
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

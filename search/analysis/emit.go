package analysis

import "strings"

// emitWord turns the scanned segments of one word into tokens.
func (a *Analyzer) emitWord(dst []Token, pos int, afterBackslash bool) ([]Token, int) {
	segs := a.mergeSegments()
	if afterBackslash && latexNoise[string(a.text(segs[0]))] {
		segs = segs[1:]
		if len(segs) == 0 {
			return dst, pos
		}
	}
	first := pos
	for _, s := range segs {
		if c, ok := a.term(a.text(s), s.digits, true); ok {
			dst = append(dst, Token{Term: c.term, Key: c.key, Pos: pos, Start: s.start, End: s.end})
		}
		pos++
	}
	if len(segs) > 1 && len(segs) <= maxCompoundParts {
		dotted := true
		digits := true
		for i, s := range segs {
			if i > 0 && s.sep != '.' {
				dotted = false
			}
			digits = digits && s.digits
		}
		a.cbuf = a.cbuf[:0]
		for i, s := range segs {
			if i > 0 && dotted {
				a.cbuf = append(a.cbuf, '.')
			}
			a.cbuf = append(a.cbuf, a.text(s)...)
		}
		if c, ok := a.term(a.cbuf, digits, false); ok {
			dst = append(dst, Token{Term: c.term, Key: c.key, Pos: first, Start: segs[0].start, End: segs[len(segs)-1].end})
		}
	}
	return dst, pos
}

func (a *Analyzer) text(s segment) []byte { return a.arena[s.bs:s.be] }

// mergeSegments joins segments across apostrophes ("don't" → "dont",
// "O'Neil" → "oneil"), drops a possessive "'s", and keeps decimal numbers
// ("3.5") in one piece.
func (a *Analyzer) mergeSegments() []segment {
	segs := a.segs
	if n := len(segs); n > 1 && segs[n-1].sep == '\'' && string(a.text(segs[n-1])) == "s" {
		segs = segs[:n-1]
	}
	out := segs[:1]
	for _, s := range segs[1:] {
		last := &out[len(out)-1]
		switch {
		case s.sep == '\'' && last.be == s.bs:
			last.be = s.be
			last.end = s.end
			last.digits = last.digits && s.digits
		case s.sep == '.' && last.digits && s.digits:
			last.be = s.be // the arena holds the '.' between them
			last.end = s.end
		default:
			out = append(out, s)
		}
	}
	return out
}

// term filters and stems one word; ok is false for a dropped word. Known
// words cost one map lookup and no allocation.
func (a *Analyzer) term(w []byte, digits, filterStop bool) (cached, bool) {
	if len(w) > MaxTermLen || len(w) == 0 {
		return cached{}, false
	}
	if filterStop && stopwords[string(w)] {
		return cached{}, false
	}
	if c, ok := a.st.cache[string(w)]; ok {
		return c, true
	}
	s := string(w)
	t := s
	if !digits && !hasDigit(s) && strings.IndexByte(s, '.') < 0 {
		t = a.st.stemUncached(s)
	}
	return a.st.remember(s, t), true
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

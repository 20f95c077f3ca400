package analysis

import "strings"

// emitWord turns the scanned segments of one word into tokens.
func (a *Analyzer) emitWord(dst []KeyToken, pos int32, afterBackslash bool) ([]KeyToken, int32) {
	segs := a.mergeSegments()
	if afterBackslash && latexNoise[string(a.text(segs[0]))] {
		segs = segs[1:]
		if len(segs) == 0 {
			return dst, pos
		}
	}
	first := pos
	for _, s := range segs {
		if k, ok := a.term(a.text(s), s.digits, true); ok {
			dst = append(dst, KeyToken{Key: k, Pos: pos, Start: int32(s.start), End: int32(s.end)})
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
		if k, ok := a.term(a.cbuf, digits, false); ok {
			dst = append(dst, KeyToken{Key: k, Pos: first, Start: int32(segs[0].start), End: int32(segs[len(segs)-1].end)})
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

// term filters and stems one word and returns its key; ok is false for a
// dropped word. Frequent words are found in the hot cache; other known words
// cost a map lookup; neither allocates.
func (a *Analyzer) term(w []byte, digits, filterStop bool) (uint32, bool) {
	if len(w) > MaxTermLen || len(w) == 0 {
		return 0, false
	}
	h := a.st.hash(w)
	var e *hotEntry
	if len(w) <= hotWordLen {
		e = a.hot.slot(h)
		if e != nil && e.holds(w) {
			e.hit()
			if e.key != 0 {
				return e.key, true
			}
			if filterStop {
				return 0, false
			}
			e = nil // a stopword inside a compound: not cached here
		}
	}
	if stopwords[string(w)] {
		if filterStop {
			if e != nil {
				e.offer(w, 0)
			}
			return 0, false
		}
		e = nil
	}
	k, ok := a.st.words.Get(h, w)
	if !ok {
		s := string(w)
		t := s
		if !digits && !hasDigit(s) && strings.IndexByte(s, '.') < 0 {
			t = a.st.stemUncached(s)
		}
		k = a.st.remember(h, w, t)
		a.hot.grow(a.st.words.Len())
	}
	if e != nil {
		e.offer(w, k)
	}
	return k, true
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

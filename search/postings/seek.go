package postings

// Seek moves to the first posting at or after document target, leaving the
// cursor exactly as Advance would, or returns false when there is none (the
// cursor is then spent). It is faster when it passes many postings: of
// those it decodes only the document numbers and the frequency headers, and
// skips their positions records in one pass at the end (Advance decodes each
// posting whole). Proximity scoring seeks a few documents in every query
// word's list.
func (c *Cursor) Seek(target uint32) bool {
	if c.I > 0 && c.Doc >= target {
		return true
	}
	c.jumpBefore(target)
	p := c.P
	data := p.Data
	i, off, doc := c.I, c.Off, c.Doc
	passed := 0 // postings with a positions record passed
	for i < p.N {
		start, prev := off, doc
		d, o := Uvarint32(data, off)
		if i == 0 {
			doc = d
		} else {
			doc += d
		}
		h := data[o]
		if doc >= target {
			// Step back before this posting and read it whole.
			c.I, c.Off, c.Poff, c.Doc = i, start, skipPositions(p.Pos, c.Poff, passed), prev
			return c.Next()
		}
		off = o + TFLen(h)
		if h&PositionalMask != 0 {
			passed++
		}
		i++
	}
	c.I, c.Off, c.Poff, c.Doc = i, off, skipPositions(p.Pos, c.Poff, passed), doc
	return false
}

// skipPositions returns where the n positions records starting at b[i:]
// end. A record's last uvarint is the one whose first byte has its low bit
// set (see AppendPositions); the loop has no branch but its end, since most
// records are one or two bytes and a branch per byte mispredicts.
func skipPositions(b []byte, i, n int) int {
	first, last := uint(1), uint(0) // b[i] starts a uvarint; the current uvarint ends its record
	for n > 0 {
		c := uint(b[i])
		i++
		last = first*(c&1) | (1-first)*last
		first = 1 - c>>7 // c ends its uvarint, so the next byte starts one
		n -= int(first & last)
	}
	return i
}

package postings

// Seek moves to the first posting at or after document target, leaving the
// cursor exactly as Advance would, or returns false when there is none (the
// cursor is then spent); it
// is faster when it passes many postings, because it decodes of those only
// their document numbers and where their records end (Advance decodes each
// one's frequencies too). Proximity scoring seeks a few documents in every
// query word's list.
func (c *Cursor) Seek(target uint32) bool {
	if c.I > 0 && c.Doc >= target {
		return true
	}
	p := c.P
	if k := c.blockBefore(target); k > 0 && uint32(k)*Block > c.I {
		s := p.Skip()[k-1]
		c.I, c.Off, c.Poff, c.Doc = uint32(k)*Block, int(s.Data), int(s.Pos), s.Base
	}
	data, pos := p.Data, p.Pos
	i, off, poff, doc := c.I, c.Off, c.Poff, c.Doc
	for i < p.N {
		start, pstart, prev := off, poff, doc
		d, o := Uvarint32(data, off)
		if i == 0 {
			doc = d
		} else {
			doc += d
		}
		h := data[o]
		off = o + TFLen(h)
		if h&PositionalMask != 0 {
			poff = PositionsEnd(pos, poff)
		}
		if doc >= target {
			// Step back before this posting and read it whole.
			c.I, c.Off, c.Poff, c.Doc = i, start, pstart, prev
			return c.Next()
		}
		i++
	}
	c.I, c.Off, c.Poff, c.Doc = i, off, poff, doc
	return false
}

package search

import "math/bits"

// postingBlock is how many postings one skip entry covers.
const postingBlock = 128

// postings lists the documents that contain one term, in increasing document
// number, compressed into two byte streams:
//
//   - data holds, per posting, the document number as a uvarint delta from
//     the previous posting's (the first from 0), then the term frequencies:
//     a header byte whose low four bits mark the fields the term occurs in
//     and whose high four bits hold the first such field's frequency when it
//     is below 16 (else 0 and a byte follows), then one byte per further
//     field (frequencies saturate at 255);
//   - pos holds, per posting whose term occurs in the title or the abstract,
//     its positions as uvarint deltas shifted left by one, the low bit set on
//     the last (so the record needs no length: three postings in four have
//     a single position).
//
// skip records where every block of postingBlock postings starts, so a
// cursor can jump ahead (phrases) without decoding what lies between.
//
// The struct is 64 bytes, one cache line: appending a posting touches it.
type postings struct {
	data  []byte
	pos   []byte
	n     uint32       // postings, including those of dead documents (the df)
	last  uint32       // document number of the last posting
	skips *[]skipEntry // nil until the list has a second block
}

// skip returns the skip entries.
func (p *postings) skip() []skipEntry {
	if p.skips == nil {
		return nil
	}
	return *p.skips
}

// addSkip records that a block starts after document base, at the given
// offsets of data and pos.
func (p *postings) addSkip(base, data, pos uint32) {
	if p.skips == nil {
		p.skips = new([]skipEntry)
	}
	*p.skips = append(*p.skips, skipEntry{base: base, data: data, pos: pos})
}

// skipEntry locates block k+1 (block 0 starts at zero): the document number
// of the posting before it, and the block's offsets in data and pos.
type skipEntry struct {
	base      uint32
	data, pos uint32
}

// positionalMask marks the fields whose positions are kept.
const positionalMask = 1<<FieldTitle | 1<<FieldAbstract

// appendTF appends the frequency header and bytes of one posting. tf must
// have at least one field set.
func appendTF(dst []byte, tf *[NumFields]uint8) []byte {
	var mask byte
	for f, t := range tf {
		if t != 0 {
			mask |= 1 << f
		}
	}
	first := bits.TrailingZeros8(mask)
	if t := tf[first]; t < 16 {
		dst = append(dst, mask|t<<4)
	} else {
		dst = append(dst, mask, t)
	}
	for f := first + 1; f < NumFields; f++ {
		if tf[f] != 0 {
			dst = append(dst, tf[f])
		}
	}
	return dst
}

// tfLen returns the length of the frequency record starting with header h.
func tfLen(h byte) int {
	n := bits.OnesCount8(h & 15)
	if h>>4 == 0 {
		n++
	}
	return n
}

// add appends a posting for document doc (larger than any before) with the
// frequency record rec (see appendTF) and positions record prec (see
// appendPositions; empty when the term is in neither title nor abstract).
func (p *postings) add(doc uint32, rec, prec []byte) {
	if p.n > 0 && p.n%postingBlock == 0 {
		p.addSkip(p.last, uint32(len(p.data)), uint32(len(p.pos)))
	}
	delta := doc
	if p.n > 0 {
		delta = doc - p.last
	}
	p.data = appendUvarint32(p.data, delta)
	p.data = append(p.data, rec...)
	p.pos = append(p.pos, prec...)
	p.last = doc
	p.n++
}

func appendUvarint32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// uvarint32 decodes a uvarint at b[i:] that the index wrote itself.
func uvarint32(b []byte, i int) (uint32, int) {
	c := b[i]
	i++
	if c < 0x80 {
		return uint32(c), i
	}
	v := uint32(c & 0x7f)
	for s := 7; ; s += 7 {
		c = b[i]
		i++
		v |= uint32(c&0x7f) << s
		if c < 0x80 {
			return v, i
		}
	}
}

// cursor walks a postings list.
type cursor struct {
	p         *postings
	i         uint32 // postings read
	off, poff int    // where the next posting starts in data and pos
	doc       uint32
	tf        [NumFields]uint8
	posStart  int // the current posting's positions: p.pos[posStart:posEnd]
	posEnd    int
	recStart  int // the current posting's frequency record: p.data[recStart:off]
	precStart int // and positions record: p.pos[precStart:posEnd]
}

func (p *postings) cursor() cursor { return cursor{p: p} }

// next moves to the next posting; false at the end.
func (c *cursor) next() bool {
	p := c.p
	if c.i >= p.n {
		return false
	}
	d, off := uvarint32(p.data, c.off)
	if c.i == 0 {
		c.doc = d
	} else {
		c.doc += d
	}
	c.i++
	c.recStart = off
	h := p.data[off]
	off++
	c.tf = [NumFields]uint8{}
	mask := h & 15
	first := bits.TrailingZeros8(mask)
	if t := h >> 4; t != 0 {
		c.tf[first] = t
	} else {
		c.tf[first] = p.data[off]
		off++
	}
	for m := mask & (mask - 1); m != 0; m &= m - 1 {
		c.tf[bits.TrailingZeros8(m)] = p.data[off]
		off++
	}
	c.off = off
	c.precStart, c.posStart = c.poff, c.poff
	if mask&positionalMask != 0 {
		c.poff = positionsEnd(p.pos, c.poff)
	}
	c.posEnd = c.poff
	return true
}

// advance moves to the first posting at or after document target (staying
// put if the current one qualifies); false when there is none.
func (c *cursor) advance(target uint32) bool {
	if c.i > 0 && c.doc >= target {
		return true
	}
	p := c.p
	// Jump to the last block that starts before target, if ahead of us.
	if k := c.blockBefore(target); k > 0 && uint32(k)*postingBlock > c.i {
		s := p.skip()[k-1]
		c.i, c.off, c.poff, c.doc = uint32(k)*postingBlock, int(s.data), int(s.pos), s.base
	}
	for c.next() {
		if c.doc >= target {
			return true
		}
	}
	return false
}

// blockBefore returns the last block whose postings before it are all below target.
func (c *cursor) blockBefore(target uint32) int {
	s := c.p.skip()
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].base < target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// positionsEnd returns the end of the positions record starting at b[i:],
// which the index wrote itself.
func positionsEnd(b []byte, i int) int {
	for {
		last := b[i] & 1
		for b[i] >= 0x80 {
			i++
		}
		i++
		if last != 0 {
			return i
		}
	}
}

// appendPositions appends the positions record of sorted positions ps
// (at least one).
func appendPositions(dst []byte, ps []int32) []byte {
	last := int32(0)
	for j, x := range ps {
		v := uint32(x-last) << 1
		if j == len(ps)-1 {
			v |= 1
		}
		dst = appendUvarint32(dst, v)
		last = x
	}
	return dst
}

// positions decodes the current posting's positions into dst.
func (c *cursor) positions(dst []int32) []int32 {
	b := c.p.pos[c.posStart:c.posEnd]
	last := int32(0)
	for i := 0; i < len(b); {
		x := b[i]
		i++
		v := uint32(x & 0x7f)
		for s := 7; x >= 0x80 && i < len(b); s += 7 {
			x = b[i]
			i++
			v |= uint32(x&0x7f) << s
		}
		last += int32(v >> 1)
		dst = append(dst, last)
	}
	return dst
}

// docs appends every document number of p to dst.
func (p *postings) docs(dst []uint32) []uint32 {
	doc := uint32(0)
	off := 0
	for i := uint32(0); i < p.n; i++ {
		var d uint32
		d, off = uvarint32(p.data, off)
		doc += d
		dst = append(dst, doc)
		off += tfLen(p.data[off])
	}
	return dst
}

// trim gives back all spare capacity left by appending: postings are most
// of the index's memory.
func (p *postings) trim() {
	p.data = exact(p.data)
	p.pos = exact(p.pos)
	p.trimSkips()
}

func (p *postings) trimSkips() {
	if p.skips != nil {
		*p.skips = exact(*p.skips)
	}
}

// exact returns s in an allocation of its length.
func exact[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

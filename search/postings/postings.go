// Package postings is the compressed format of the keyword index's postings
// lists: per term, the documents that contain it with their per-field term
// frequencies, and the title and abstract positions, as two byte streams with
// skip entries (docs/decisions/011-compact-postings.md). The index
// (package search) owns the lists; this package encodes, decodes, walks and
// validates them.
package postings

import "math/bits"

// Block is how many postings one skip entry covers. A seek (proximity
// scoring seeks its best documents in every query word's list) decodes half
// a block on average, positions included: 64 made the search API's CPU per
// search 0.96–0.97 of 128's for 11 MB more skips at a million papers, and
// 32 would give 0.94–0.95 for 22 MB more again.
const Block = 64

// List lists the documents that contain one term, in increasing document
// number, compressed into two byte streams:
//
//   - Data holds, per posting, the document number as a uvarint delta from
//     the previous posting's (the first from 0), then the term frequencies:
//     a header byte whose low four bits mark the fields the term occurs in
//     and whose high four bits hold the first such field's frequency when it
//     is below 16 (else 0 and a byte follows), then one byte per further
//     field (frequencies saturate at 255);
//   - Pos holds, per posting whose term occurs in the title or the abstract,
//     its positions as uvarint deltas shifted left by one, the low bit set on
//     the last (so the record needs no length: three postings in four have
//     a single position).
//
// Skip entries record where every block of Block postings starts, so a
// Cursor can jump ahead (phrases) without decoding what lies between.
//
// The struct is 64 bytes, one cache line: appending a posting touches it.
type List struct {
	Data  []byte
	Pos   []byte
	N     uint32       // postings, including those of dead documents (the df)
	Last  uint32       // document number of the last posting
	skips *[]SkipEntry // nil until the list has a second block
}

// Skip returns the skip entries.
func (p *List) Skip() []SkipEntry {
	if p.skips == nil {
		return nil
	}
	return *p.skips
}

// AddSkip records that a block starts after document base, at the given
// offsets of Data and Pos.
func (p *List) AddSkip(base, data, pos uint32) {
	if p.skips == nil {
		p.skips = new([]SkipEntry)
	}
	*p.skips = append(*p.skips, SkipEntry{Base: base, Data: data, Pos: pos})
}

// SkipEntry locates block k+1 (block 0 starts at zero): the document number
// of the posting before it, and the block's offsets in Data and Pos.
type SkipEntry struct {
	Base      uint32
	Data, Pos uint32
}

// PositionalMask marks the fields whose positions are kept.
const PositionalMask = 1<<0 | 1<<1 // title, abstract

// NumFields is how many fields a posting has frequencies for, in the order
// of the index's fields (title, abstract, authors, categories).
const NumFields = 4

// AppendTF appends the frequency header and bytes of one posting. tf must
// have at least one field set.
func AppendTF(dst []byte, tf *[NumFields]uint8) []byte {
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

// TFLen returns the length of the frequency record starting with header h.
func TFLen(h byte) int {
	n := bits.OnesCount8(h & 15)
	if h>>4 == 0 {
		n++
	}
	return n
}

// Add appends a posting for document doc (larger than any before) with the
// frequency record rec (see AppendTF) and positions record prec (see
// AppendPositions; empty when the term is in neither title nor abstract).
func (p *List) Add(doc uint32, rec, prec []byte) {
	if p.N > 0 && p.N%Block == 0 {
		p.AddSkip(p.Last, uint32(len(p.Data)), uint32(len(p.Pos)))
	}
	delta := doc
	if p.N > 0 {
		delta = doc - p.Last
	}
	p.Data = AppendUvarint32(p.Data, delta)
	p.Data = append(p.Data, rec...)
	p.Pos = append(p.Pos, prec...)
	p.Last = doc
	p.N++
}

// AppendUvarint32 appends v as a uvarint.
func AppendUvarint32(b []byte, v uint32) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// Uvarint32 decodes a uvarint at b[i:] that the index wrote itself.
func Uvarint32(b []byte, i int) (uint32, int) {
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

// Cursor walks a postings list. Doc and TF are the current posting's
// document and frequencies; the offsets let callers copy a posting's records
// as they are (compaction) without re-encoding them.
type Cursor struct {
	P         *List
	I         uint32 // postings read
	Off, Poff int    // where the next posting starts in Data and Pos
	Doc       uint32
	TF        [NumFields]uint8
	PosStart  int // the current posting's positions: P.Pos[PosStart:PosEnd]
	PosEnd    int
	RecStart  int // the current posting's frequency record: P.Data[RecStart:Off]
	PrecStart int // and positions record: P.Pos[PrecStart:PosEnd]
}

func (p *List) Cursor() Cursor { return Cursor{P: p} }

// Next moves to the next posting; false at the end.
func (c *Cursor) Next() bool {
	p := c.P
	if c.I >= p.N {
		return false
	}
	d, off := Uvarint32(p.Data, c.Off)
	if c.I == 0 {
		c.Doc = d
	} else {
		c.Doc += d
	}
	c.I++
	c.RecStart = off
	h := p.Data[off]
	off++
	c.TF = [NumFields]uint8{}
	mask := h & 15
	first := bits.TrailingZeros8(mask)
	if t := h >> 4; t != 0 {
		c.TF[first] = t
	} else {
		c.TF[first] = p.Data[off]
		off++
	}
	for m := mask & (mask - 1); m != 0; m &= m - 1 {
		c.TF[bits.TrailingZeros8(m)] = p.Data[off]
		off++
	}
	c.Off = off
	c.PrecStart, c.PosStart = c.Poff, c.Poff
	if mask&PositionalMask != 0 {
		c.Poff = PositionsEnd(p.Pos, c.Poff)
	}
	c.PosEnd = c.Poff
	return true
}

// Advance moves to the first posting at or after document target (staying
// put if the current one qualifies); false when there is none.
func (c *Cursor) Advance(target uint32) bool {
	if c.I > 0 && c.Doc >= target {
		return true
	}
	c.jumpBefore(target)
	for c.Next() {
		if c.Doc >= target {
			return true
		}
	}
	return false
}

// jumpBefore moves the cursor to the start of the last block that begins
// before target, by its skip entry, if that block is ahead of the cursor.
func (c *Cursor) jumpBefore(target uint32) {
	if k := c.blockBefore(target); k > 0 && uint32(k)*Block > c.I {
		s := c.P.Skip()[k-1]
		c.I, c.Off, c.Poff, c.Doc = uint32(k)*Block, int(s.Data), int(s.Pos), s.Base
	}
}

// blockBefore returns the last block whose postings before it are all below target.
func (c *Cursor) blockBefore(target uint32) int {
	s := c.P.Skip()
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m].Base < target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// PositionsEnd returns the end of the positions record starting at b[i:],
// which the index wrote itself.
func PositionsEnd(b []byte, i int) int {
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

// AppendPositions appends the positions record of sorted positions ps
// (at least one).
func AppendPositions(dst []byte, ps []int32) []byte {
	last := int32(0)
	for j, x := range ps {
		v := uint32(x-last) << 1
		if j == len(ps)-1 {
			v |= 1
		}
		dst = AppendUvarint32(dst, v)
		last = x
	}
	return dst
}

// Positions decodes the current posting's positions into dst.
func (c *Cursor) Positions(dst []int32) []int32 {
	b := c.P.Pos[c.PosStart:c.PosEnd]
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

// Docs appends every document number of p to dst.
func (p *List) Docs(dst []uint32) []uint32 {
	doc := uint32(0)
	off := 0
	for i := uint32(0); i < p.N; i++ {
		var d uint32
		d, off = Uvarint32(p.Data, off)
		doc += d
		dst = append(dst, doc)
		off += TFLen(p.Data[off])
	}
	return dst
}

// Trim gives back all spare capacity left by appending: postings are most
// of the index's memory.
func (p *List) Trim() {
	p.Data = exact(p.Data)
	p.Pos = exact(p.Pos)
	p.TrimSkips()
}

// TrimSkips gives back the skip entries' spare capacity.
func (p *List) TrimSkips() {
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

// DropStreams lets go of the list's streams and skips and keeps its count
// and last document, so later postings continue its delta encoding (a
// builder that has moved the streams to disk).
func (p *List) DropStreams() { p.Data, p.Pos, p.skips = nil, nil, nil }

// Compact rewrites p without dead documents, renumbered by remap; it
// leaves p empty if none remain.
func (p *List) Compact(remap []int32) {
	if p.N == 0 {
		return
	}
	var out List
	c := p.Cursor()
	for c.Next() {
		if nd := remap[c.Doc]; nd >= 0 {
			out.Add(uint32(nd), p.Data[c.RecStart:c.Off], p.Pos[c.PrecStart:c.PosEnd])
		}
	}
	out.Trim()
	*p = out
}

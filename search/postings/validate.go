package postings

import "errors"

// ErrMalformed reports postings streams that do not decode as the index
// writes them.
var ErrMalformed = errors.New("malformed postings")

// Validate checks Data and Pos as decoded from a snapshot — n postings of
// documents below ndocs, in increasing order, every byte accounted for — and
// fills in the skip entries and Last, so queries can trust the streams.
func (p *List) Validate(ndocs uint32) error {
	if p.N == 0 {
		return ErrMalformed
	}
	off, poff := 0, 0
	doc := uint64(0)
	p.skips = nil
	for i := uint32(0); i < p.N; i++ {
		if i > 0 && i%Block == 0 {
			p.AddSkip(uint32(doc), uint32(off), uint32(poff))
		}
		d, k := UvarintAt(p.Data, off)
		if k <= 0 || (i > 0 && d == 0) {
			return ErrMalformed
		}
		off += k
		doc += d
		if doc >= uint64(ndocs) {
			return ErrMalformed
		}
		if off >= len(p.Data) {
			return ErrMalformed
		}
		h := p.Data[off]
		if h&15 == 0 || off+TFLen(h) > len(p.Data) {
			return ErrMalformed
		}
		// Only the canonical form AppendTF writes: every frequency at least 1,
		// an explicit first one at least 16.
		for k, x := range p.Data[off+1 : off+TFLen(h)] {
			if x == 0 || (k == 0 && h>>4 == 0 && x < 16) {
				return ErrMalformed
			}
		}
		off += TFLen(h)
		if h&PositionalMask != 0 {
			// Varints until one with the low bit set; the positions, the
			// running sum of the deltas, must stay within int32.
			sum := uint64(0)
			for {
				v, k := UvarintAt(p.Pos, poff)
				if k <= 0 {
					return ErrMalformed
				}
				poff += k
				if sum += v >> 1; sum > 1<<31-1 {
					return ErrMalformed
				}
				if v&1 != 0 {
					break
				}
			}
		}
	}
	if off != len(p.Data) || poff != len(p.Pos) {
		return ErrMalformed
	}
	p.Last = uint32(doc)
	return nil
}

// UvarintAt decodes a uvarint of at most 32 bits at b[i:]; k <= 0 when it is
// truncated or too long.
func UvarintAt(b []byte, i int) (uint64, int) {
	var v uint64
	for k := 0; k < 5 && i+k < len(b); k++ {
		c := b[i+k]
		v |= uint64(c&0x7f) << (7 * k)
		if c < 0x80 {
			if v > 1<<32-1 {
				return 0, 0
			}
			return v, k + 1
		}
	}
	return 0, 0
}

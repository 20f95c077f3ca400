package search

import "errors"

var errPostings = errors.New("malformed postings")

// validate checks data and pos as decoded from a snapshot — n postings of
// documents below ndocs, in increasing order, every byte accounted for — and
// fills in skip and last, so queries can trust the streams.
func (p *postings) validate(ndocs uint32) error {
	if p.n == 0 {
		return errPostings
	}
	off, poff := 0, 0
	doc := uint64(0)
	p.skips = nil
	for i := uint32(0); i < p.n; i++ {
		if i > 0 && i%postingBlock == 0 {
			p.addSkip(uint32(doc), uint32(off), uint32(poff))
		}
		d, k := uvarintAt(p.data, off)
		if k <= 0 || (i > 0 && d == 0) {
			return errPostings
		}
		off += k
		doc += d
		if doc >= uint64(ndocs) {
			return errPostings
		}
		if off >= len(p.data) {
			return errPostings
		}
		h := p.data[off]
		if h&15 == 0 || off+tfLen(h) > len(p.data) {
			return errPostings
		}
		// Only the canonical form appendTF writes: every frequency at least 1,
		// an explicit first one at least 16.
		for k, x := range p.data[off+1 : off+tfLen(h)] {
			if x == 0 || (k == 0 && h>>4 == 0 && x < 16) {
				return errPostings
			}
		}
		off += tfLen(h)
		if h&positionalMask != 0 {
			// Varints until one with the low bit set; the positions, the
			// running sum of the deltas, must stay within int32.
			sum := uint64(0)
			for {
				v, k := uvarintAt(p.pos, poff)
				if k <= 0 {
					return errPostings
				}
				poff += k
				if sum += v >> 1; sum > 1<<31-1 {
					return errPostings
				}
				if v&1 != 0 {
					break
				}
			}
		}
	}
	if off != len(p.data) || poff != len(p.pos) {
		return errPostings
	}
	p.last = uint32(doc)
	return nil
}

// uvarintAt decodes a uvarint of at most 32 bits at b[i:]; k <= 0 when it is
// truncated or too long.
func uvarintAt(b []byte, i int) (uint64, int) {
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

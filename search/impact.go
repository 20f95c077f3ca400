package search

import (
	"math"
	"math/bits"
	"sync"

	"github.com/paperwire/paperwire/search/postings"
)

// Impacts: a long postings list is scored from a second, derived stream
// that holds per posting its document delta and its BM25F saturation
// x/(k1+x) quantised to a byte, so scoring a posting is a table look-up
// instead of decoding the per-field frequencies, reading the document's
// field lengths and dividing (docs/decisions/051-quantised-impacts.md).
// The stream depends on the norms, so it is derived, not stored: built the
// first time a query needs the list and kept until the index changes what
// scoring gives (index.ScoringGen).

// impactMinPostings is the shortest list scored from impacts. Lists this
// long hold three quarters of the 75k crawl's postings and nearly all of a
// title query's; shorter ones cost little either way and would only add
// memory.
const impactMinPostings = 1024

// impactCacheBytes bounds the kept streams (about 2 bytes a posting: 13 MB
// for every long list of the 75k crawl). A list beyond it is quantised
// again for each query that needs it, with the same result, so what a
// search returns never depends on what is kept.
const impactCacheBytes = 64 << 20

// impactLevels maps a quantised saturation to its value: the middle of its
// 1/256 step, never zero, so a scored posting always marks its document
// touched. The error is at most 1/512 of a term's idf.
var impactLevels = func() (t [256]float32) {
	for q := range t {
		t[q] = (float32(q) + 0.5) / 256
	}
	return t
}()

// quantiseImpact maps a saturation in [0, 1) to its level.
func quantiseImpact(sat float32) byte {
	q := int(sat * 256)
	return byte(min(max(q, 0), 255))
}

// impactList is a list's derived stream, valid for one scoring generation
// and while the list holds n postings.
type impactList struct {
	gen  uint64
	n    uint32
	data []byte // per posting: uvarint document delta, impact byte
	docs uint32 // postings in data (those with a field that scores)
}

// impactCache keeps the streams of one Index, dropped whole when the
// index's scoring generation moves on.
type impactCache struct {
	mu        sync.Mutex
	keepBytes int // impactCacheBytes, or a test's bound
	gen       uint64
	bytes     int
	lists     map[*postings.List]*impactList
}

// impacts returns p's stream for scoring generation gen, building it from f
// if it is not kept (scratch is reused for one that cannot be kept).
func (c *impactCache) impacts(p *postings.List, gen uint64, f *fieldScoring, scratch *impactList) *impactList {
	c.mu.Lock()
	if c.gen != gen {
		c.gen, c.bytes, c.lists = gen, 0, nil
	}
	il := c.lists[p]
	c.mu.Unlock()
	if il != nil && il.n == p.N {
		return il
	}
	built := &impactList{}
	f.buildImpacts(p, built, gen)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.bytes+cap(built.data) > c.keepBytes {
		scratch.data = append(scratch.data[:0], built.data...)
		scratch.gen, scratch.n, scratch.docs = built.gen, built.n, built.docs
		return scratch
	}
	if c.lists == nil {
		c.lists = map[*postings.List]*impactList{}
	}
	c.lists[p] = built
	c.bytes += cap(built.data)
	return built
}

// buildImpacts derives p's impact stream into il, reusing its buffer.
func (f *fieldScoring) buildImpacts(p *postings.List, il *impactList, gen uint64) {
	out := il.data[:0]
	if cap(out) == 0 {
		out = make([]byte, 0, int(p.N)*2+8)
	}
	data := p.Data
	off := 0
	d, prev := uint32(0), uint32(0)
	docs := uint32(0)
	for range p.N {
		var delta uint32
		delta, off = postings.Uvarint32(data, off)
		d += delta
		var x float32
		x, off = f.x(data, off, d)
		if x == 0 {
			continue
		}
		out = postings.AppendUvarint32(out, d-prev)
		out = append(out, quantiseImpact(x/(f.k1+x)))
		prev = d
		docs++
	}
	il.gen, il.n, il.data, il.docs = gen, p.N, out, docs
}

// x decodes the frequencies of the posting at data[off:] (its header on)
// for document d and returns BM25F's pseudo-frequency and where the next
// posting starts.
func (f *fieldScoring) x(data []byte, off int, d uint32) (float32, int) {
	h := data[off]
	off++
	var tf [NumFields]uint8
	mask := h & 15
	first := bits.TrailingZeros8(mask)
	if mask == 0 {
		return 0, off
	}
	if t := h >> 4; t != 0 {
		tf[first] = t
	} else {
		tf[first] = data[off]
		off++
	}
	for m := mask & (mask - 1); m != 0; m &= m - 1 {
		tf[bits.TrailingZeros8(m)] = data[off]
		off++
	}
	var x float32
	if tf[0] != 0 {
		x += f.w[0] * float32(tf[0]) * f.nt[f.lt[d]]
	}
	if tf[1] != 0 {
		x += f.w[1] * float32(tf[1]) * f.na[f.la[d]]
	}
	if tf[2] != 0 {
		x += f.w[2] * float32(tf[2]) * f.nu[f.lu[d]]
	}
	if tf[3] != 0 {
		x += f.w[3] * float32(tf[3]) * f.nc[f.lc[d]]
	}
	return x, off
}

// addImpacts is add for a list scored from its impacts.
func addImpacts(acc *accumulator, il *impactList, weight float32) {
	scores := acc.scores
	touched := acc.touched[:cap(acc.touched)]
	count := len(acc.touched)
	data := il.data
	levels := &impactLevels
	off := 0
	d := uint32(0)
	for range il.docs {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		q := data[off]
		off++
		old := scores[d]
		touched[count] = d
		if old == 0 {
			count++
		}
		scores[d] = old + weight*levels[q]
	}
	acc.touched = touched[:count]
}

// addImpactsToTouched is addToTouched for a list scored from its impacts.
func addImpactsToTouched(acc *accumulator, il *impactList, weight float32) {
	scores := acc.scores
	data := il.data
	levels := &impactLevels
	off := 0
	d := uint32(0)
	for range il.docs {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		q := data[off]
		off++
		old := scores[d]
		// All ones when old is not zero, as in addToTouched.
		u := math.Float32bits(old)
		mask := -((u | -u) >> 31)
		scores[d] = old + math.Float32frombits(math.Float32bits(weight*levels[q])&mask)
	}
}

// addTerm scores st's postings into acc (only into documents already
// touched, with touchedOnly): from the list's impacts when it is long.
func (ix *Index) addTerm(acc *accumulator, f *fieldScoring, st *scoredTerm, gen uint64, touchedOnly bool) {
	if st.p.N < impactMinPostings {
		if touchedOnly {
			f.addToTouched(acc, st)
		} else {
			f.add(acc, st)
		}
		return
	}
	il := ix.impacts.impacts(st.p, gen, f, &acc.scratch)
	if touchedOnly {
		addImpactsToTouched(acc, il, st.weight)
	} else {
		addImpacts(acc, il, st.weight)
	}
}

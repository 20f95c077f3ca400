package search

import (
	"math"
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
// for every long list of the 75k crawl, about 170 MB at a million papers,
// where the first lists queried are kept). A list beyond it is quantised
// on the fly by each query that needs it (addQuantised), with the same
// scores, so what a search returns never depends on what is kept.
const impactCacheBytes = 32 << 20

// impactDenseBytes bounds the kept dense impacts (hasDense): every list
// that has them at 75k papers (75 kB each), the first eight queried at a
// million. Counted with the streams, they crowded out of impactCacheBytes
// the streams a million papers' searches read, and cost them 8% of their
// CPU.
const impactDenseBytes = 8 << 20

// impactLevels maps a quantised saturation to its value: the middle of its
// 1/256 step, never zero, so a scored posting always marks its document
// touched. The error is at most 1/512 of a term's idf.
var impactLevels = func() (t [256]float32) {
	for q := range t {
		t[q] = (float32(q) + 0.5) / 256
	}
	return t
}()

// quantiseImpact maps a saturation in [0, 1) to its level (x/(k1+x) is
// never negative; the bound guards the rounding of a huge x).
func quantiseImpact(sat float32) byte {
	return byte(min(int32(sat*256), 255))
}

// impactList is a list's derived stream, valid for the scoring generation
// it was built in (impactCache keeps one generation) and while the list
// holds n postings.
type impactList struct {
	n    uint32
	data []byte // per posting: uvarint document delta, impact byte
	docs uint32 // postings in data (those with a field that scores)
	// dense holds, for a list in at least a quarter of the documents, each
	// document's impact byte plus one (0: not in the list), so adding the
	// list to the documents a search already touched can look each of them
	// up instead of reading the whole stream. nil for other lists, and for
	// a list with an impact of 255.
	dense []byte
}

// denseLevels maps a dense byte to the level it stands for: none for 0.
var denseLevels = func() (t [256]float32) {
	for q := 1; q < 256; q++ {
		t[q] = impactLevels[q-1]
	}
	return t
}()

// impactCache keeps the streams of one Index, dropped whole when the
// index's scoring generation moves on.
type impactCache struct {
	mu         sync.Mutex
	keepBytes  int // impactCacheBytes, or a test's bound
	keepDense  int // impactDenseBytes, or a test's bound
	gen        uint64
	bytes      int // the kept streams'
	denseBytes int // the kept dense impacts'
	lists      map[*postings.List]*impactList
}

// impacts returns p's stream for scoring generation gen, building it from f
// if it is not kept, or nil when keeping it would pass the bound.
func (c *impactCache) impacts(p *postings.List, gen uint64, f *fieldScoring) *impactList {
	c.mu.Lock()
	if c.gen != gen {
		c.gen, c.bytes, c.denseBytes, c.lists = gen, 0, 0, nil
	}
	il := c.lists[p]
	nd := len(f.la)
	full := c.bytes+impactBytesEstimate(p) > c.keepBytes
	dense := hasDense(int(p.N), nd) && c.denseBytes+nd <= c.keepDense
	c.mu.Unlock()
	if il != nil && il.n == p.N {
		return il
	}
	if full {
		return nil
	}
	built := &impactList{}
	f.buildImpacts(p, built, dense)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.bytes+cap(built.data) > c.keepBytes {
		return nil
	}
	if c.denseBytes+cap(built.dense) > c.keepDense {
		built.dense = nil // another search took the room meanwhile
	}
	if c.lists == nil {
		c.lists = map[*postings.List]*impactList{}
	}
	c.lists[p] = built
	c.bytes += cap(built.data)
	c.denseBytes += cap(built.dense)
	return built
}

// kept returns p's stream for generation gen if it is kept, without
// building it.
func (c *impactCache) kept(p *postings.List, gen uint64) *impactList {
	c.mu.Lock()
	defer c.mu.Unlock()
	if il := c.lists[p]; c.gen == gen && il != nil && il.n == p.N {
		return il
	}
	return nil
}

// impactBytesEstimate is what buildImpacts allocates for p's stream.
func impactBytesEstimate(p *postings.List) int { return int(p.N)*2 + 8 }

// buildImpacts derives p's impact stream into il, and its dense impacts
// when dense is set and the list is common enough (hasDense).
func (f *fieldScoring) buildImpacts(p *postings.List, il *impactList, dense bool) {
	out := make([]byte, 0, impactBytesEstimate(p))
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
	il.n, il.data, il.docs = p.N, out, docs
	if nd := len(f.la); dense && hasDense(int(docs), nd) {
		il.dense = denseImpacts(out, docs, nd)
	}
}

// hasDense says whether a list of n scoring postings in an index of nd
// documents gets dense impacts: when it holds a quarter of them or more. A
// search adds such a list (a common word, weighted low, so added last) to
// the documents it touched already by looking each up, when they are fewer
// than twice the list's postings (addImpactsToTouched). Lists in an eighth
// of the documents gave the same speed for more memory; at a quarter the
// bytes are at most twice the stream's. The dense bytes have their own
// bound, impactDenseBytes.
func hasDense(n, nd int) bool { return nd > 0 && n >= nd/4 }

// denseImpacts spreads an impact stream over nd documents (see
// impactList.dense); nil when an impact is 255.
func denseImpacts(data []byte, docs uint32, nd int) []byte {
	dense := make([]byte, nd)
	off := 0
	d := uint32(0)
	for range docs {
		var delta uint32
		delta, off = postings.Uvarint32(data, off)
		d += delta
		q := data[off]
		off++
		if q == 255 || int(d) >= nd {
			return nil
		}
		dense[d] = q + 1
	}
	return dense
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
	if il.dense != nil && len(acc.touched) < 2*int(il.docs) { // see hasDense
		addDenseToTouched(acc, il.dense, weight)
		return
	}
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

// addDenseToTouched adds a list's dense impacts to the documents acc
// touched: a look-up each, where the stream would cost a posting each. A
// document the list lacks gets 0 added, which leaves its score as it was.
func addDenseToTouched(acc *accumulator, dense []byte, weight float32) {
	scores := acc.scores
	levels := &denseLevels
	for _, d := range acc.touched {
		if int(d) < len(dense) {
			scores[d] += weight * levels[dense[d]]
		}
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
	il := ix.impacts.impacts(st.p, gen, f)
	switch {
	case il == nil:
		f.addQuantised(acc, st, touchedOnly)
	case touchedOnly:
		addImpactsToTouched(acc, il, st.weight)
	default:
		addImpacts(acc, il, st.weight)
	}
}

// addQuantised scores a long list whose impacts are not kept as its impacts
// would, in one pass over the postings, so a search gives the same scores
// whether the cache had room or not, at about the cost of exact scoring.
func (f *fieldScoring) addQuantised(acc *accumulator, st *scoredTerm, touchedOnly bool) {
	scores := acc.scores
	touched := acc.touched[:cap(acc.touched)]
	count := len(acc.touched)
	data, weight := st.p.Data, st.weight
	k1, wa, na, la := f.k1, f.w[FieldAbstract], f.na, f.la
	off := 0
	d := uint32(0)
	for range st.p.N {
		c := data[off]
		off++
		delta := uint32(c)
		if c >= 0x80 {
			delta, off = postings.Uvarint32(data, off-1)
		}
		d += delta
		var x float32
		// x, with its usual case inlined. Inlining xFields as well was within
		// noise (1.06–1.41× the exact scoring against 1.11–1.33×, nothing
		// kept, BenchmarkSearchTitleQueriesTopOnly at 75k).
		if h := data[off]; h&15 == 1<<FieldAbstract && h>>4 != 0 {
			x = wa * float32(h>>4) * na[la[d]]
			off++
		} else {
			x, off = f.xFields(data, off, d)
		}
		if x == 0 {
			continue
		}
		add := weight * impactLevels[quantiseImpact(x/(k1+x))]
		old := scores[d]
		if touchedOnly {
			// All ones when old is not zero, as in addToTouched.
			u := math.Float32bits(old)
			mask := -((u | -u) >> 31)
			scores[d] = old + math.Float32frombits(math.Float32bits(add)&mask)
			continue
		}
		touched[count] = d
		if old == 0 {
			count++
		}
		scores[d] = old + add
	}
	acc.touched = touched[:count]
}

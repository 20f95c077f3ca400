package search

import (
	"encoding/binary"
	"strings"

	"github.com/paperwire/paperwire/search/analysis"
)

// postings lists the documents that contain one term, in increasing
// document number, with per-field term frequencies and, for title and
// abstract, word positions (uvarint deltas) for phrase queries.
type postings struct {
	docs   []uint32
	tf     []uint8  // NumFields per posting, saturated at 255
	posOff []uint32 // start of each posting's positions in pos
	pos    []byte
	slot   int32 // 1 + index of this term's stats in the document being indexed
}

// positions decodes the positions of posting i into dst.
func (p *postings) positions(i int, dst []int32) []int32 {
	start := p.posOff[i]
	end := uint32(len(p.pos))
	if i+1 < len(p.posOff) {
		end = p.posOff[i+1]
	}
	b := p.pos[start:end]
	last := int32(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		last += int32(d)
		dst = append(dst, last)
		b = b[n:]
	}
	return dst
}

// termStats accumulates one term's occurrences in the document being indexed.
type termStats struct {
	p   *postings
	tf  [NumFields]int
	pos []int32
}

// docIndexer analyses one document at a time, reusing its buffers. Each
// postings list remembers (in slot) where its term's stats for the current
// document are, so a token costs one map lookup.
type docIndexer struct {
	an   *analysis.Analyzer
	toks []analysis.Token
	cur  []termStats
	keys []*postings // by analysis.Token.Key, for an.Generation() == gen
	gen  uint32
}

func newDocIndexer() *docIndexer {
	return &docIndexer{an: analysis.New()}
}

// index adds document n's terms to ix's postings and returns its field lengths.
func (di *docIndexer) index(ix *Index, n uint32, d *Document) [NumFields]int {
	var lens [NumFields]int
	di.cur = di.cur[:0]
	if g := di.an.Generation(); g != di.gen {
		di.forgetKeys()
		di.gen = g
	}
	di.toks = di.an.Analyze(di.toks[:0], d.Title)
	titleEnd := int32(0)
	for _, t := range di.toks {
		di.add(ix, di.postingsOf(ix, t), FieldTitle, int32(t.Pos), true)
		titleEnd = max(titleEnd, int32(t.Pos)+1)
	}
	lens[FieldTitle] = len(di.toks)
	di.toks = di.an.Analyze(di.toks[:0], d.Abstract)
	for _, t := range di.toks {
		di.add(ix, di.postingsOf(ix, t), FieldAbstract, titleEnd+positionGap+int32(t.Pos), true)
	}
	lens[FieldAbstract] = len(di.toks)
	for _, a := range d.Authors {
		di.toks = di.an.Analyze(di.toks[:0], a)
		for _, t := range di.toks {
			di.add(ix, di.postingsOf(ix, t), FieldAuthors, 0, false)
		}
		lens[FieldAuthors] += len(di.toks)
	}
	for _, c := range d.Categories {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
			di.add(ix, ix.postingsFor(c), FieldCategories, 0, false)
			lens[FieldCategories]++
		}
	}
	for i := range di.cur {
		st := &di.cur[i]
		p := st.p
		p.slot = 0
		p.docs = append(p.docs, n)
		for f := 0; f < NumFields; f++ {
			p.tf = append(p.tf, uint8(min(st.tf[f], 255)))
		}
		p.posOff = append(p.posOff, uint32(len(p.pos)))
		last := int32(0)
		for _, x := range st.pos {
			p.pos = binary.AppendUvarint(p.pos, uint64(x-last))
			last = x
		}
		st.p = nil
	}
	return lens
}

// postingsOf returns the postings of a token's term, creating them.
func (di *docIndexer) postingsOf(ix *Index, t analysis.Token) *postings {
	if int(t.Key) < len(di.keys) {
		if p := di.keys[t.Key]; p != nil {
			return p
		}
	}
	p := ix.postingsFor(t.Term)
	if t.Key > 0 {
		for int(t.Key) >= len(di.keys) {
			di.keys = append(di.keys, make([]*postings, len(di.keys)+1024)...)
		}
		di.keys[t.Key] = p
	}
	return p
}

// forgetKeys drops the key → postings table (keys were reset, or postings
// were compacted away).
func (di *docIndexer) forgetKeys() { clear(di.keys) }

func (ix *Index) postingsFor(term string) *postings {
	p := ix.terms[term]
	if p == nil {
		p = &postings{}
		ix.terms[term] = p
	}
	return p
}

func (di *docIndexer) add(ix *Index, p *postings, f int, pos int32, positional bool) {
	if p.slot == 0 {
		k := len(di.cur)
		if k < cap(di.cur) {
			di.cur = di.cur[:k+1]
		} else {
			di.cur = append(di.cur, termStats{})
		}
		st := &di.cur[k]
		st.p, st.tf, st.pos = p, [NumFields]int{}, st.pos[:0]
		p.slot = int32(k + 1)
	}
	st := &di.cur[p.slot-1]
	st.tf[f]++
	if positional {
		// Compounds share their first part's position; keep positions sorted and unique.
		if k := len(st.pos); k == 0 || st.pos[k-1] < pos {
			st.pos = append(st.pos, pos)
		}
	}
}

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

// analyzedDoc is a document broken into terms, ready to be added to the
// postings under the index lock. Analysis, the expensive part, happens
// before the lock is taken, on as many cores as there are.
type analyzedDoc struct {
	hash   uint64
	lens   [NumFields]int
	terms  []string
	ids    []uint32 // the index's term ids (see Index.termID)
	tf     []uint8  // NumFields per term, saturated at 255
	pos    []byte   // each term's title/abstract positions as uvarint deltas, back to back
	posEnd []uint32 // end of each term's positions in pos
}

// termStats accumulates one term's occurrences in the document being analysed.
type termStats struct {
	term string
	key  uint32
	tf   [NumFields]int
	pos  []int32
}

// docAnalyzer analyses one document at a time, reusing its buffers; slot
// maps an analysis.Token.Key to the term's stats for the current document.
type docAnalyzer struct {
	ix   *Index
	an   *analysis.Analyzer
	toks []analysis.Token
	cur  []termStats
	slot []int32
	gid  []uint32 // analyzer key → the index's term id (0 = not looked up)
	gen  uint32   // analyzer generation gid belongs to
}

func newDocAnalyzer(ix *Index) *docAnalyzer { return &docAnalyzer{ix: ix, an: analysis.New()} }

// analyze breaks d into terms with per-field frequencies and positions.
func (da *docAnalyzer) analyze(d *Document) *analyzedDoc {
	gen := da.an.Generation()
	ad := &analyzedDoc{hash: d.textHash()}
	ad.lens = da.collect(d)
	if da.an.Generation() != gen {
		// The analyzer's cache was reset mid-document, so keys changed meaning: redo it.
		da.reset()
		ad.lens = da.collect(d)
	}
	if g := da.an.Generation(); g != da.gen {
		clear(da.gid)
		da.gen = g
	}
	ad.terms = make([]string, len(da.cur))
	ad.ids = make([]uint32, len(da.cur))
	ad.tf = make([]uint8, 0, len(da.cur)*NumFields)
	ad.posEnd = make([]uint32, len(da.cur))
	for i := range da.cur {
		st := &da.cur[i]
		ad.terms[i] = st.term
		ad.ids[i] = da.termID(st)
		for f := 0; f < NumFields; f++ {
			ad.tf = append(ad.tf, uint8(min(st.tf[f], 255)))
		}
		last := int32(0)
		for _, x := range st.pos {
			ad.pos = binary.AppendUvarint(ad.pos, uint64(x-last))
			last = x
		}
		ad.posEnd[i] = uint32(len(ad.pos))
	}
	da.reset()
	return ad
}

// collect fills da.cur with d's terms and returns the field lengths.
func (da *docAnalyzer) collect(d *Document) [NumFields]int {
	var lens [NumFields]int
	da.toks = da.an.Analyze(da.toks[:0], d.Title)
	titleEnd := int32(0)
	for _, t := range da.toks {
		da.add(t.Term, t.Key, FieldTitle, int32(t.Pos), true)
		titleEnd = max(titleEnd, int32(t.Pos)+1)
	}
	lens[FieldTitle] = len(da.toks)
	da.toks = da.an.Analyze(da.toks[:0], d.Abstract)
	for _, t := range da.toks {
		da.add(t.Term, t.Key, FieldAbstract, titleEnd+positionGap+int32(t.Pos), true)
	}
	lens[FieldAbstract] = len(da.toks)
	for _, a := range d.Authors {
		da.toks = da.an.Analyze(da.toks[:0], a)
		for _, t := range da.toks {
			da.add(t.Term, t.Key, FieldAuthors, 0, false)
		}
		lens[FieldAuthors] += len(da.toks)
	}
	for _, c := range d.Categories {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
			da.add(c, 0, FieldCategories, 0, false)
			lens[FieldCategories]++
		}
	}
	return lens
}

// termID returns the index's id for a term, remembering it by analyzer key.
func (da *docAnalyzer) termID(st *termStats) uint32 {
	if st.key == 0 {
		return da.ix.termID(st.term)
	}
	for int(st.key) >= len(da.gid) {
		da.gid = append(da.gid, make([]uint32, len(da.gid)+4096)...)
	}
	if id := da.gid[st.key]; id != 0 {
		return id
	}
	id := da.ix.termID(st.term)
	da.gid[st.key] = id
	return id
}

// reset forgets the current document.
func (da *docAnalyzer) reset() {
	for i := range da.cur {
		if k := da.cur[i].key; int(k) < len(da.slot) {
			da.slot[k] = 0
		}
	}
	da.cur = da.cur[:0]
}

func (da *docAnalyzer) add(term string, key uint32, f int, pos int32, positional bool) {
	idx := -1
	if key == 0 { // categories: not analysed, few per document
		for i := range da.cur {
			if da.cur[i].key == 0 && da.cur[i].term == term {
				idx = i
				break
			}
		}
	} else {
		for int(key) >= len(da.slot) {
			da.slot = append(da.slot, make([]int32, len(da.slot)+4096)...)
		}
		idx = int(da.slot[key]) - 1
	}
	if idx < 0 {
		idx = len(da.cur)
		if idx < cap(da.cur) {
			da.cur = da.cur[:idx+1]
		} else {
			da.cur = append(da.cur, termStats{})
		}
		st := &da.cur[idx]
		st.term, st.key, st.tf, st.pos = term, key, [NumFields]int{}, st.pos[:0]
		if key != 0 {
			da.slot[key] = int32(idx + 1)
		}
	}
	st := &da.cur[idx]
	st.tf[f]++
	if positional {
		// Compounds share their first part's position; keep positions sorted and unique.
		if k := len(st.pos); k == 0 || st.pos[k-1] < pos {
			st.pos = append(st.pos, pos)
		}
	}
}

// addPostings appends document n's analysed terms to the postings. Callers hold ix.mu.
func (ix *Index) addPostings(n uint32, ad *analyzedDoc) {
	start := uint32(0)
	for i, term := range ad.terms {
		id := ad.ids[i]
		for int(id) >= len(ix.plist) {
			ix.plist = append(ix.plist, make([]*postings, len(ix.plist)+4096)...)
		}
		p := ix.plist[id]
		if p == nil {
			if p = ix.terms[term]; p == nil {
				p = &postings{}
				ix.terms[term] = p
			}
			ix.plist[id] = p
		}
		p.docs = append(p.docs, n)
		p.tf = append(p.tf, ad.tf[i*NumFields:(i+1)*NumFields]...)
		p.posOff = append(p.posOff, uint32(len(p.pos)))
		p.pos = append(p.pos, ad.pos[start:ad.posEnd[i]]...)
		start = ad.posEnd[i]
	}
}

package index

import (
	"runtime"
	"strings"
	"sync"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/postings"
)

// analyzedDoc is a document broken into terms, ready to be appended to the
// postings under the index lock. Analysis, the expensive part, happens
// before the lock is taken, on as many cores as there are; it also encodes
// each term's frequency and position records, so the locked step only
// copies bytes.
type analyzedDoc struct {
	hash uint64
	lens [NumFields]int
	ids  []uint32 // the index's term ids (see Index.termID)
	rec  []byte   // each term's frequency record (postings.AppendTF), back to back
	pos  []byte   // each title/abstract term's positions record, back to back
}

// termStats accumulates one term's occurrences in the document being analysed.
type termStats struct {
	term string // categories only; other terms are known by key
	key  uint32
	tf   [NumFields]int32
	pos  []int32
}

// docAnalyzer analyses one document at a time, reusing its buffers; keys
// maps an analysis.Token.Key to the term's stats for the current document
// and to the index's term id, side by side so one cache line serves both.
// Its output goes to three growing arenas that the analysed documents of a
// batch share (a reallocation leaves earlier documents' views intact).
type docAnalyzer struct {
	ix   *Index
	an   *analysis.Analyzer
	toks []analysis.KeyToken
	cur  []termStats
	keys []keyInfo
	gen  uint32 // analyzer generation keys belong to
	cats map[string]uint32

	ids []uint32
	rec []byte
	pos []byte
}

// keyInfo is what a docAnalyzer knows of one analyzer key.
type keyInfo struct {
	slot int32  // index in cur + 1 while the current document has the term, else 0
	id   uint32 // the index's term id + 1; 0 = not looked up yet
}

func newDocAnalyzer(ix *Index) *docAnalyzer {
	an := analysis.New()
	if ix.stemWords > 0 {
		an = analysis.NewLimited(ix.stemWords)
	}
	return &docAnalyzer{ix: ix, an: an, cats: map[string]uint32{}}
}

// analyze breaks d into terms with per-field frequencies and positions.
func (da *docAnalyzer) analyze(d *Document, ad *analyzedDoc) {
	gen := da.an.Generation()
	ad.hash = d.textHash()
	ad.lens = da.collect(d)
	if da.an.Generation() != gen {
		// The analyzer's cache was reset mid-document, so keys changed meaning: redo it.
		da.reset()
		ad.lens = da.collect(d)
	}
	if g := da.an.Generation(); g != da.gen {
		clear(da.keys)
		da.gen = g
	}
	i0, r0, p0 := len(da.ids), len(da.rec), len(da.pos)
	for i := range da.cur {
		st := &da.cur[i]
		da.ids = append(da.ids, da.termID(st))
		var tf [NumFields]uint8
		for f, t := range st.tf {
			tf[f] = uint8(min(t, 255))
		}
		da.rec = postings.AppendTF(da.rec, &tf)
		if len(st.pos) > 0 {
			da.pos = postings.AppendPositions(da.pos, st.pos)
		}
	}
	ad.ids = da.ids[i0:len(da.ids):len(da.ids)]
	ad.rec = da.rec[r0:len(da.rec):len(da.rec)]
	ad.pos = da.pos[p0:len(da.pos):len(da.pos)]
	da.reset()
}

// release empties the arenas for the next batch (the batch's documents have
// been copied into the postings).
func (da *docAnalyzer) release() { da.ids, da.rec, da.pos = da.ids[:0], da.rec[:0], da.pos[:0] }

// collect fills da.cur with d's terms and returns the field lengths.
func (da *docAnalyzer) collect(d *Document) [NumFields]int {
	var lens [NumFields]int
	da.toks = da.an.AnalyzeKeys(da.toks[:0], d.Title)
	titleEnd := int32(0)
	for _, t := range da.toks {
		da.add(t.Key, FieldTitle, t.Pos)
		titleEnd = max(titleEnd, t.Pos+1)
	}
	lens[FieldTitle] = len(da.toks)
	da.toks = da.an.AnalyzeKeys(da.toks[:0], d.Abstract)
	for _, t := range da.toks {
		da.add(t.Key, FieldAbstract, titleEnd+PositionGap+t.Pos)
	}
	lens[FieldAbstract] = len(da.toks)
	for _, a := range d.Authors {
		da.toks = da.an.AnalyzeKeys(da.toks[:0], a)
		for _, t := range da.toks {
			da.add(t.Key, FieldAuthors, -1)
		}
		lens[FieldAuthors] += len(da.toks)
	}
	for _, c := range d.Categories {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
			da.addCategory(c)
			lens[FieldCategories]++
		}
	}
	return lens
}

// termID returns the index's id for a term, remembering it by analyzer key.
func (da *docAnalyzer) termID(st *termStats) uint32 {
	if st.key == 0 { // a category term not in the text
		id, ok := da.cats[st.term]
		if !ok {
			id = da.ix.termID(st.term)
			da.cats[st.term] = id
		}
		return id
	}
	k := &da.keys[st.key] // add made room
	if k.id != 0 {
		return k.id - 1
	}
	id := da.ix.termID(da.an.TermOf(st.key))
	k.id = id + 1
	return id
}

// reset forgets the current document.
func (da *docAnalyzer) reset() {
	for i := range da.cur {
		if k := da.cur[i].key; int(k) < len(da.keys) {
			da.keys[k].slot = 0
		}
	}
	da.cur = da.cur[:0]
}

// add counts an occurrence of the term with key in field f at position pos
// (title and abstract; -1 elsewhere).
func (da *docAnalyzer) add(key uint32, f int, pos int32) {
	for int(key) >= len(da.keys) {
		da.keys = append(da.keys, make([]keyInfo, len(da.keys)+4096)...)
	}
	idx := int(da.keys[key].slot) - 1
	if idx < 0 {
		idx = da.newTerm("", key)
		da.keys[key].slot = int32(idx + 1)
	}
	st := &da.cur[idx]
	st.tf[f]++
	if pos >= 0 {
		// Compounds share their first part's position; keep positions sorted and unique.
		if k := len(st.pos); k == 0 || st.pos[k-1] < pos {
			st.pos = append(st.pos, pos)
		}
	}
}

// addCategory counts a category. The text may hold the same term ("cs.CL"
// in an abstract): one posting per document and term, with both fields'
// frequencies.
func (da *docAnalyzer) addCategory(c string) {
	idx := -1
	if k, ok := da.an.KeyOfTerm(c); ok && int(k) < len(da.keys) {
		idx = int(da.keys[k].slot) - 1
	}
	if idx < 0 {
		for i := range da.cur { // few categories per document
			if da.cur[i].key == 0 && da.cur[i].term == c {
				idx = i
				break
			}
		}
	}
	if idx < 0 {
		idx = da.newTerm(c, 0)
	}
	da.cur[idx].tf[FieldCategories]++
}

// newTerm appends a term to the current document's and returns its index.
func (da *docAnalyzer) newTerm(term string, key uint32) int {
	idx := len(da.cur)
	if idx < cap(da.cur) {
		da.cur = da.cur[:idx+1]
	} else {
		da.cur = append(da.cur, termStats{})
	}
	st := &da.cur[idx]
	st.term, st.key, st.tf, st.pos = term, key, [NumFields]int32{}, st.pos[:0]
	return idx
}

// analyzeAll analyses docs without holding the index lock, spreading large
// batches over the available cores. Call done once the results are added.
func (ix *Index) analyzeAll(docs []Document) (out []analyzedDoc, done func()) {
	out = make([]analyzedDoc, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs)/64+1)
	das := make([]*docAnalyzer, workers)
	var wg sync.WaitGroup
	for w := range das {
		das[w] = ix.getDocAnalyzer()
		wg.Add(1)
		go func(da *docAnalyzer) {
			defer wg.Done()
			// Contiguous ranges keep each worker's arenas in document order.
			lo, hi := w*len(docs)/workers, (w+1)*len(docs)/workers
			for i := lo; i < hi; i++ {
				da.analyze(&docs[i], &out[i])
			}
		}(das[w])
	}
	wg.Wait()
	return out, func() {
		for _, da := range das {
			da.release()
			ix.putDocAnalyzer(da)
		}
	}
}

func (ix *Index) getDocAnalyzer() *docAnalyzer {
	ix.idleMu.Lock()
	defer ix.idleMu.Unlock()
	if n := len(ix.idle); n > 0 {
		da := ix.idle[n-1]
		ix.idle = ix.idle[:n-1]
		return da
	}
	return newDocAnalyzer(ix)
}

func (ix *Index) putDocAnalyzer(da *docAnalyzer) {
	ix.idleMu.Lock()
	defer ix.idleMu.Unlock()
	if len(ix.idle) < runtime.GOMAXPROCS(0) {
		ix.idle = append(ix.idle, da)
	}
}

// dropDocAnalyzers lets go of the indexing analyzers and their caches (tens
// of megabytes after a bulk load); the next batch starts new ones.
func (ix *Index) dropDocAnalyzers() {
	ix.idleMu.Lock()
	defer ix.idleMu.Unlock()
	ix.idle = nil
}

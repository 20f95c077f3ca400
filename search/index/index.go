package index

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/paperwire/paperwire/search/postings"
)

// PositionGap separates the title's positions from the abstract's so a
// phrase, or a pair of words near each other, never spans the two.
const PositionGap = 32

// Index is an in-memory inverted index for BM25F: per-document columns,
// a term dictionary and compressed postings. Documents get dense internal
// numbers in the order they are added; a changed document is tombstoned and
// re-added, and tombstones are compacted away once they pile up.
//
// Search takes a read lock; Apply, Upsert and Delete take the write lock.
type Index struct {
	mu     sync.RWMutex
	params Params
	seq    int64 // last change-feed sequence applied

	// Per internal document number.
	ids      []string
	titles   []string
	days     []int32
	upvotes  []int32
	flags    []uint8
	catOff   []uint32 // document n's categories are catList[catOff[n]:catOff[n+1]]
	catList  []uint16
	flen     [NumFields][]uint16 // field lengths by field, then document: scoring an abstract-only posting reads one small array
	hashes   []uint64
	byID     map[string]uint32
	catNames []string
	catByKey map[string]uint16

	// dict gives every term seen while indexing a small id, so a batch's
	// terms reach their postings by slice index; analysis adds terms
	// without holding mu. Ids are never reused; a term whose documents are
	// all gone keeps its id with empty postings.
	dictMu sync.RWMutex
	dict   termDict
	plist  []postings.List // by term id; guarded by mu
	batch  *batchPostings  // Apply's scratch, kept between batches; guarded by mu
	live   int
	dead   int
	// postingBytes counts the bytes appended to postings, so a Builder
	// knows when to spill them.
	postingBytes int
	// Set on the index a Builder fills. spilling: its postings move to
	// disk, so compaction (which renumbers documents) must not run, and it
	// keeps no byID map (50 MB at a million papers): every upsert adds a
	// document, and the Builder kills the superseded ones at the end;
	// titleOut takes the titles instead of memory (titles stays empty);
	// stemWords bounds each
	// indexing analyzer's cache (0: analysis.New's).
	spilling  bool
	titleOut  *spillFile
	stemWords int
	sumLen    [NumFields]int64
	maxLen    [NumFields]int

	// norm[f][len] = 1 / (1 − b_f + b_f·len/avglen_f), rebuilt after each batch.
	norm [NumFields][]float32
	// scoringGen counts the changes to what scoring a posting gives: the
	// norms, the parameters, the postings and the document numbers. What a
	// reader derives from them (package search's impacts) is valid while
	// it stays the same.
	scoringGen uint64
	// docsGen counts the changes to which documents are live and to their
	// listing days: every change to the postings, and a document moved to
	// another day in place. What a reader derives from the documents' days
	// and categories (package search's facet bitmaps) is valid while it
	// stays the same.
	docsGen uint64

	// idle holds the indexing analyzers between batches. Not a sync.Pool:
	// the garbage collector empties a pool every other cycle, and a fresh
	// analyzer re-learns the whole vocabulary (stemming each word again),
	// which made importing in batches of 1,000 markedly slower. Trim lets
	// them go after a bulk load.
	// mapped is the snapshot file the index was loaded from, when mapped:
	// postings streams that lie in it are views, not heap (LoadFile).
	mapped []byte

	idleMu sync.Mutex
	idle   []*docAnalyzer

	// numbering names the current assignment of document numbers: unique
	// in the process, it changes when compaction renumbers (guarded by mu).
	// A cache keyed by document number is valid within one numbering.
	numbering uint64
}

// numberings hands out numbering values.
var numberings atomic.Uint64

// Numbering names the index's current document numbering (see the field);
// callers hold the read lock, the same hold in which they got the numbers.
func (ix *Index) Numbering() uint64 { return ix.numbering }

const (
	flagDead      = 1 << iota // replaced or deleted
	flagWithdrawn             // withdrawn upstream: searchable, marked
)

// New returns an empty index.
func New(p Params) *Index {
	return &Index{
		numbering: numberings.Add(1),
		params:    p,
		byID:      make(map[string]uint32),
		catByKey:  make(map[string]uint16),
		catOff:    []uint32{0},
		dict:      newTermDict(0),
	}
}

// termID returns term's id, assigning the next one to a new term.
func (ix *Index) termID(term string) uint32 {
	ix.dictMu.Lock()
	defer ix.dictMu.Unlock()
	return ix.dict.idOf(term)
}

// Postings returns term's postings, nil when no document has it. Callers
// hold the read lock.
func (ix *Index) Postings(term string) *postings.List {
	ix.dictMu.RLock()
	id, ok := ix.dict.lookup(term)
	ix.dictMu.RUnlock()
	if !ok || int(id) >= len(ix.plist) || ix.plist[id].N == 0 {
		return nil
	}
	return &ix.plist[id]
}

// growPostings makes room in plist for term id.
func (ix *Index) growPostings(id int) {
	if id < len(ix.plist) {
		return
	}
	n := max(id+1, len(ix.plist)+len(ix.plist)/4+4096)
	ix.plist = append(ix.plist, make([]postings.List, n-len(ix.plist))...)
}

// Build indexes docs with the given parameters and returns the index.
func Build(p Params, docs []Document) *Index {
	ix := New(p)
	ix.Apply(docs, nil, 0)
	ix.Trim()
	return ix
}

// Params returns the index's BM25F parameters.
func (ix *Index) Params() Params {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.params
}

// SetParams changes the scoring parameters (weights apply at query time).
func (ix *Index) SetParams(p Params) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.params = p
	ix.rebuildNorms()
}

// Len returns the number of live documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Seq returns the last change-feed sequence the index has applied.
func (ix *Index) Seq() int64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.seq
}

// Upsert adds or replaces documents.
func (ix *Index) Upsert(docs ...Document) { ix.Apply(docs, nil, 0) }

// Delete removes documents by id; unknown ids are ignored.
func (ix *Index) Delete(ids ...string) { ix.Apply(nil, ids, 0) }

// Apply upserts docs, deletes ids and, if seq is larger than the index's,
// records it as applied — all under one lock, so a reader or a snapshot sees
// the batch whole or not at all.
func (ix *Index) Apply(docs []Document, deletes []string, seq int64) {
	analyzed, done := ix.analyzeAll(docs)
	defer done()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	bp := ix.batch
	if bp == nil {
		bp = &batchPostings{}
	}
	added, dead := len(ix.ids), ix.dead
	for i := range docs {
		ix.upsertLocked(&docs[i], &analyzed[i], bp)
	}
	bp.flush(ix)
	ix.batch = bp
	for _, id := range deletes {
		if n, ok := ix.byID[id]; ok {
			ix.killLocked(n)
			delete(ix.byID, id)
		}
	}
	if seq > ix.seq {
		ix.seq = seq
	}
	if len(ix.ids) == added && ix.dead == dead {
		// A sequence number alone, or documents whose text is unchanged
		// (upvotes, days and flags are updated in place): nothing scored
		// changed, and what readers derive from scoring stays valid.
		return
	}
	if ix.dead > 1024 && ix.dead > ix.live/4 && !ix.spilling {
		ix.compactLocked()
	}
	ix.rebuildNorms()
}

func (ix *Index) upsertLocked(d *Document, ad *analyzedDoc, bp *batchPostings) {
	h := ad.hash
	if n, ok := ix.byID[d.ID]; ok && !ix.spilling {
		if ix.hashes[n] == h {
			if day := DayOf(d.Date); ix.days[n] != day {
				ix.days[n] = day
				ix.docsGen++
			}
			ix.upvotes[n] = int32(d.Upvotes)
			ix.setWithdrawn(n, d.Withdrawn)
			return
		}
		ix.killLocked(n)
	}
	n := uint32(len(ix.ids))
	ix.ids = append(ix.ids, d.ID)
	if ix.titleOut != nil {
		ix.titleOut.bytes([]byte(d.Title))
	} else {
		ix.titles = append(ix.titles, d.Title)
	}
	ix.days = append(ix.days, DayOf(d.Date))
	ix.upvotes = append(ix.upvotes, int32(d.Upvotes))
	ix.flags = append(ix.flags, 0)
	ix.setWithdrawn(n, d.Withdrawn)
	ix.hashes = append(ix.hashes, h)
	ix.catList = ix.appendCatOrdinals(ix.catList, d.Categories)
	ix.catOff = append(ix.catOff, uint32(len(ix.catList)))
	if !ix.spilling {
		ix.byID[d.ID] = n
	}
	bp.add(n, ad)
	for f, l := range ad.lens {
		ix.flen[f] = append(ix.flen[f], clampLen(l))
		ix.sumLen[f] += int64(clampLen(l))
		ix.maxLen[f] = max(ix.maxLen[f], int(clampLen(l)))
	}
	ix.live++
}

func (ix *Index) setWithdrawn(n uint32, w bool) {
	if w {
		ix.flags[n] |= flagWithdrawn
	} else {
		ix.flags[n] &^= flagWithdrawn
	}
}

func (ix *Index) killLocked(n uint32) {
	if ix.flags[n]&flagDead != 0 {
		return
	}
	ix.flags[n] |= flagDead
	for f := 0; f < NumFields; f++ {
		ix.sumLen[f] -= int64(ix.flen[f][n])
	}
	ix.live--
	ix.dead++
}

// appendCatOrdinals appends the ordinals of cats to out, naming new ones,
// each once (categories match case-insensitively).
func (ix *Index) appendCatOrdinals(out []uint16, cats []string) []uint16 {
	first := len(out)
	for _, c := range cats {
		k := strings.ToLower(strings.TrimSpace(c))
		if k == "" {
			continue
		}
		o, ok := ix.catByKey[k]
		if !ok {
			if len(ix.catNames) >= 1<<16-1 {
				continue
			}
			o = uint16(len(ix.catNames))
			ix.catNames = append(ix.catNames, c)
			ix.catByKey[k] = o
		}
		if slices.Contains(out[first:], o) {
			continue // listed twice (or in two spellings): a paper counts once in a facet
		}
		out = append(out, o)
	}
	return out
}

func clampLen(l int) uint16 {
	if l > 1<<16-1 {
		return 1<<16 - 1
	}
	return uint16(l)
}

// rebuildNorms recomputes the per-field length normalisation tables. It
// runs after every change to the postings or the parameters, so it also
// counts them (ScoringGen).
func (ix *Index) rebuildNorms() {
	ix.scoringGen++
	ix.docsGen++
	for f := 0; f < NumFields; f++ {
		maxLen := ix.maxLen[f]
		avg := 1.0
		if ix.live > 0 && ix.sumLen[f] > 0 {
			avg = float64(ix.sumLen[f]) / float64(ix.live)
		}
		b := ix.params.B[f]
		t := ix.norm[f][:0]
		for l := 0; l <= maxLen; l++ {
			t = append(t, float32(1/(1-b+b*float64(l)/avg)))
		}
		ix.norm[f] = t
	}
}

package index

import (
	"slices"

	"github.com/paperwire/paperwire/search/postings"
)

// batchPostings collects the postings of one Apply batch and adds them to
// the index grouped by term. Appending document by document would touch
// every term's postings once per document, each a likely cache and TLB miss;
// grouped, a term's postings are reached once per batch and its new
// postings are appended back to back.
type batchPostings struct {
	first uint32         // document number of docs[0]
	docs  []*analyzedDoc // the batch's added documents, by number
	ents  []batchEntry
	tmp   []batchEntry
}

// batchEntry is one posting: term id, document, and where its frequency and
// positions records start in the document's analysis.
type batchEntry struct {
	id, doc  uint32
	rec, pos uint32
}

// add queues document n's postings (n follows the previous document's).
func (b *batchPostings) add(n uint32, ad *analyzedDoc) {
	if len(b.docs) == 0 {
		b.first = n
	}
	b.docs = append(b.docs, ad)
	r, q := 0, 0
	for _, id := range ad.ids {
		h := ad.rec[r]
		b.ents = append(b.ents, batchEntry{id: id, doc: n, rec: uint32(r), pos: uint32(q)})
		r += postings.TFLen(h)
		if h&postings.PositionalMask != 0 {
			q = postings.PositionsEnd(ad.pos, q)
		}
	}
}

// flush adds the queued postings to ix, term by term. Callers hold ix.mu.
func (b *batchPostings) flush(ix *Index) {
	if len(b.ents) == 0 {
		return
	}
	maxID := uint32(0)
	for i := range b.ents {
		maxID = max(maxID, b.ents[i].id)
	}
	ix.growPostings(int(maxID))
	b.ents, b.tmp = radixSortByID(b.ents, b.tmp, maxID)
	for i := 0; i < len(b.ents); {
		id := b.ents[i].id
		j := i + 1
		for j < len(b.ents) && b.ents[j].id == id {
			j++
		}
		ix.postingBytes += addRun(&ix.plist[id], b, b.ents[i:j])
		i = j
	}
	clear(b.docs)
	b.docs, b.ents = b.docs[:0], b.ents[:0]
}

// addRun appends one term's postings of a batch to p, in document order,
// and returns how many bytes they took.
func addRun(p *postings.List, b *batchPostings, run []batchEntry) int {
	before := len(p.Data) + len(p.Pos)
	for i := range run {
		e := &run[i]
		ad := b.docs[e.doc-b.first]
		h := ad.rec[e.rec]
		rec := ad.rec[e.rec : int(e.rec)+postings.TFLen(h)]
		prec := ad.pos[e.pos:e.pos]
		if h&postings.PositionalMask != 0 {
			prec = ad.pos[e.pos:postings.PositionsEnd(ad.pos, int(e.pos))]
		}
		p.Add(e.doc, rec, prec)
	}
	return len(p.Data) + len(p.Pos) - before
}

// radixSortByID sorts ents by term id, stably (documents stay in order
// within a term), using tmp as scratch; it returns the sorted slice and the
// scratch for reuse.
func radixSortByID(ents, tmp []batchEntry, maxID uint32) ([]batchEntry, []batchEntry) {
	const bits = 11
	tmp = slices.Grow(tmp[:0], len(ents))[:len(ents)]
	var count [1 << bits]int
	for shift := uint(0); shift == 0 || maxID>>shift != 0; shift += bits {
		clear(count[:])
		for i := range ents {
			count[(ents[i].id>>shift)&(1<<bits-1)]++
		}
		sum := 0
		for k, c := range count {
			count[k] = sum
			sum += c
		}
		for i := range ents {
			k := (ents[i].id >> shift) & (1<<bits - 1)
			tmp[count[k]] = ents[i]
			count[k]++
		}
		ents, tmp = tmp, ents
	}
	return ents, tmp
}

package index

import (
	"strings"
	"time"
)

// What scoring reads. A reader takes the read lock (RLock) once per query
// and then uses these accessors, which take no lock and inline to a slice
// load each, so a loop over the postings costs what it did when scoring
// and the index were one package. Document numbers n run from 0 to
// NumDocs()-1, tombstoned ones included (Dead); the accessors panic on
// others, as a slice index would.

// RLock holds off writers while the caller reads; RUnlock lets them in.
func (ix *Index) RLock()   { ix.mu.RLock() }
func (ix *Index) RUnlock() { ix.mu.RUnlock() }

// NumDocs returns how many document numbers are in use, tombstones included:
// the size of an array indexed by document number.
func (ix *Index) NumDocs() int { return len(ix.ids) }

// Live returns the number of live documents (Len without the lock).
func (ix *Index) Live() int { return ix.live }

// Scoring returns the BM25F parameters (Params without the lock).
func (ix *Index) Scoring() Params { return ix.params }

// ID returns document n's paper id.
func (ix *Index) ID(n uint32) string { return ix.ids[n] }

// Title returns document n's title (empty in an index a Builder fills).
func (ix *Index) Title(n uint32) string { return ix.titles[n] }

// Day returns document n's listing day (see DayOf; 0 when unknown).
func (ix *Index) Day(n uint32) int32 { return ix.days[n] }

// Date returns document n's listing day as a time.
func (ix *Index) Date(n uint32) time.Time { return TimeOfDay(ix.days[n]) }

// Upvotes returns document n's upvotes.
func (ix *Index) Upvotes(n uint32) int32 { return ix.upvotes[n] }

// Dead reports whether document n was replaced or deleted.
func (ix *Index) Dead(n uint32) bool { return ix.flags[n]&flagDead != 0 }

// Withdrawn reports whether document n was withdrawn upstream.
func (ix *Index) Withdrawn(n uint32) bool { return ix.flags[n]&flagWithdrawn != 0 }

// Categories returns the ordinals of document n's categories (see
// CategoryName); the slice is the index's, not to be changed.
func (ix *Index) Categories(n uint32) []uint16 { return ix.catList[ix.catOff[n]:ix.catOff[n+1]] }

// NumCategories returns how many category names the index knows; ordinals
// run from 0 to NumCategories()-1.
func (ix *Index) NumCategories() int { return len(ix.catNames) }

// CategoryName returns the name of category ordinal o, as first seen.
func (ix *Index) CategoryName(o uint16) string { return ix.catNames[o] }

// CategoryMask marks the category ordinals a cat: filter accepts: an exact
// name ("cs.CL"), or every sub-category of an archive ("cs" → cs.*),
// ignoring case.
func (ix *Index) CategoryMask(cats []string) []bool {
	mask := make([]bool, len(ix.catNames))
	for _, c := range cats {
		c = strings.ToLower(strings.TrimSpace(c))
		for k, o := range ix.catByKey {
			if k == c || strings.HasPrefix(k, c+".") {
				mask[o] = true
			}
		}
	}
	return mask
}

// Number returns the live document number of a paper id.
func (ix *Index) Number(id string) (uint32, bool) {
	n, ok := ix.byID[id]
	return n, ok
}

// FieldLens returns field f's length by document number (clamped to
// 65,535 words); the slice is the index's, not to be changed.
func (ix *Index) FieldLens(f int) []uint16 { return ix.flen[f] }

// ScoringGen changes whenever scoring a posting could give another value
// or the postings change: after every batch that adds, replaces or deletes
// documents, compaction and change of parameters; not after a batch that
// only updates documents' upvotes, days or flags in place (read it under
// RLock).
func (ix *Index) ScoringGen() uint64 { return ix.scoringGen }

// DocsGen changes whenever ScoringGen does and whenever a document moves to
// another listing day in place: what is derived from which documents are
// live, their categories and their days stays valid while it does not
// (read it under RLock).
func (ix *Index) DocsGen() uint64 { return ix.docsGen }

// Norms returns field f's length normalisation by field length:
// Norms(f)[l] = 1 / (1 − b_f + b_f·l/avglen_f), for every length some
// document has. The slice is the index's, not to be changed.
func (ix *Index) Norms(f int) []float32 { return ix.norm[f] }

// Package index is the lexical index's representation, in memory and on
// disk: the documents' columns (ids, titles, dates, upvotes, categories,
// field lengths), the term dictionary and each term's postings (encoded by
// package postings), tombstones and compaction, the analysis that turns
// documents into postings, the checksummed snapshot file (written whole,
// streamed in, or mapped so the postings stay in the page cache), and the
// Builder that writes a snapshot with postings spilled to disk.
//
// It knows nothing of queries: package search scores, filters, facets and
// fuses over an *Index through the read accessors in read.go, and keeps it
// in sync with the store's change feed.
package index

import (
	"encoding/binary"
	"math/bits"
	"time"

	"github.com/paperwire/paperwire"
)

// Fields of a document, in the order Params lists their weights.
const (
	FieldTitle = iota
	FieldAbstract
	FieldAuthors
	FieldCategories
	NumFields
)

// FieldNames names the fields for logs and docs.
var FieldNames = [NumFields]string{"title", "abstract", "authors", "categories"}

// Document is what the index knows of a paper.
type Document struct {
	ID         string
	Title      string
	Abstract   string
	Authors    []string
	Categories []string
	Date       time.Time // listing day; filters, sorts and facets use it
	Upvotes    int
	Withdrawn  bool
}

// DocumentFromPaper maps a stored paper to an index document. The date is the
// listing day, or the first version's date when the paper was never listed.
func DocumentFromPaper(p *paperwire.Paper) Document {
	d := p.ListedOn
	if d.IsZero() {
		d = p.Submitted
	}
	return Document{
		ID: p.ID, Title: p.Title, Abstract: p.Abstract,
		Authors: p.Authors, Categories: p.Categories,
		Date: d, Upvotes: p.Upvotes, Withdrawn: p.Withdrawn,
	}
}

// textHash fingerprints the analysed fields, so a change that only touches
// upvotes or the withdrawn mark updates metadata without re-indexing text.
// It reads eight bytes per step (xxHash's round) and allocates nothing; it
// is stored in snapshots, so it must not change within a format version.
func (d *Document) textHash() uint64 {
	h := uint64(textHashSeed)
	h = hashString(h, d.Title)
	h = hashString(h, d.Abstract)
	h = hashUint(h, uint64(len(d.Authors)))
	for _, a := range d.Authors {
		h = hashString(h, a)
	}
	h = hashUint(h, uint64(len(d.Categories)))
	for _, c := range d.Categories {
		h = hashString(h, c)
	}
	// Final avalanche (xxHash64's).
	h ^= h >> 33
	h *= prime64_2
	h ^= h >> 29
	h *= prime64_3
	h ^= h >> 32
	return h
}

const (
	textHashSeed = 0x27d4eb2f165667c5
	prime64_1    = 0x9e3779b185ebca87
	prime64_2    = 0xc2b2ae3d27d4eb4f
	prime64_3    = 0x165667b19e3779f9
)

func hashUint(h, v uint64) uint64 {
	return bits.RotateLeft64(h^(v*prime64_2), 31) * prime64_1
}

// hashString mixes s and its length into h.
func hashString(h uint64, s string) uint64 {
	h = hashUint(h, uint64(len(s)))
	for len(s) >= 8 {
		h = hashUint(h, binary.LittleEndian.Uint64([]byte(s[:8])))
		s = s[8:]
	}
	var tail uint64
	for i := len(s) - 1; i >= 0; i-- {
		tail = tail<<8 | uint64(s[i])
	}
	return hashUint(h, tail)
}

// DayOf converts a date to days since the Unix epoch (0 = unknown).
func DayOf(t time.Time) int32 {
	if t.IsZero() {
		return 0
	}
	return int32(t.Unix() / 86400)
}

// TimeOfDay is the inverse of DayOf.
func TimeOfDay(d int32) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

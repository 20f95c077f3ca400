// Package search is Paperwire's lexical search: an in-memory BM25F inverted
// index over title, abstract, authors and categories, kept in sync with the
// store through its change feed and persisted as a checksummed snapshot; plus
// the Engine that fuses it with an optional semantic layer, and related papers.
//
// The store is the source of truth: the index only ever holds what the change
// feed said, up to the sequence number it records, so a stale or lost index
// catches up or rebuilds instead of diverging.
package search

import (
	"hash/fnv"
	"strings"
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
func (d *Document) textHash() uint64 {
	h := fnv.New64a()
	h.Write([]byte(d.Title))
	h.Write([]byte{0})
	h.Write([]byte(d.Abstract))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(d.Authors, "\x1f")))
	h.Write([]byte{0})
	h.Write([]byte(strings.Join(d.Categories, "\x1f")))
	return h.Sum64()
}

// dayOf converts a date to days since the Unix epoch (0 = unknown).
func dayOf(t time.Time) int32 {
	if t.IsZero() {
		return 0
	}
	return int32(t.Unix() / 86400)
}

// timeOfDay is the inverse of dayOf.
func timeOfDay(d int32) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Unix(int64(d)*86400, 0).UTC()
}

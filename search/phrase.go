package search

import (
	"slices"

	"github.com/paperwire/paperwire/search/postings"
)

// phraseDocs returns the documents in which ph occurs, in increasing order.
// It walks the rarest term's postings and moves cursors over the others.
func (ix *Index) phraseDocs(ph phrase) []uint32 {
	rare := 0
	for i, p := range ph.terms {
		if p.N < ph.terms[rare].N {
			rare = i
		}
	}
	var out []uint32
	curs := make([]postings.Cursor, len(ph.terms))
	for i, p := range ph.terms {
		curs[i] = p.Cursor()
	}
	pos := make([][]int32, len(ph.terms))
	lead := &curs[rare]
	for lead.Next() {
		d := lead.Doc
		if ix.Dead(d) {
			continue
		}
		all := true
		for i := range curs {
			if i == rare {
				continue
			}
			// Postings are sorted and d only grows: advance a cursor.
			if !curs[i].Advance(d) {
				return out
			}
			if curs[i].Doc != d {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		for i := range curs {
			pos[i] = curs[i].Positions(pos[i][:0])
		}
		if phraseAt(pos, ph.offs) {
			out = append(out, d)
		}
	}
	return out
}

// phraseAt reports whether some start s has term i at s+offs[i] for all i.
func phraseAt(pos [][]int32, offs []int32) bool {
	for _, s := range pos[0] {
		s -= offs[0]
		ok := true
		for i := 1; i < len(pos); i++ {
			if _, found := slices.BinarySearch(pos[i], s+offs[i]); !found {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

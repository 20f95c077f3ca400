package search

import "slices"

// phraseDocs returns the documents in which ph occurs, in increasing order.
// It walks the rarest term's postings and checks positions in the others.
func (ix *Index) phraseDocs(ph phrase) []uint32 {
	rare := 0
	for i, p := range ph.terms {
		if len(p.docs) < len(ph.terms[rare].docs) {
			rare = i
		}
	}
	var out []uint32
	idx := make([]int, len(ph.terms))
	pos := make([][]int32, len(ph.terms))
	for _, d := range ph.terms[rare].docs {
		if ix.flags[d]&flagDead != 0 {
			continue
		}
		all := true
		for i, p := range ph.terms {
			// Postings are sorted and d only grows: advance a cursor.
			j := idx[i]
			for j < len(p.docs) && p.docs[j] < d {
				j++
			}
			idx[i] = j
			if j == len(p.docs) || p.docs[j] != d {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		for i, p := range ph.terms {
			pos[i] = p.positions(idx[i], pos[i][:0])
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

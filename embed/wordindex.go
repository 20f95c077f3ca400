package embed

import "hash/maphash"

// wordIndex maps a vocabulary's words to their rows: an open-addressing
// table whose slots hold short words inline, so looking up a word is one
// probe into one cache line. Go's map keeps a pointer to each key's bytes,
// and at a vocabulary of a hundred thousand words every lookup (one per
// token embedded) paid a cache miss for the group and another for the key.
// Longer words, which are rare, go to a map. It is read-only once built.
type wordIndex struct {
	seed  maphash.Seed
	slots []wordSlot
	mask  uint64
	long  map[string]int32
}

// wordInline is the longest word a slot holds.
const wordInline = 26

// wordSlot is 32 bytes, two to a cache line.
type wordSlot struct {
	word [wordInline]byte
	n    uint8 // word length; 0 = empty
	_    uint8
	row  int32
}

// newWordIndex indexes words by position; a repeated word keeps its first row.
func newWordIndex(words []string) *wordIndex {
	size := 1024
	for size < 2*len(words) { // load at most one half: short probe runs
		size *= 2
	}
	x := &wordIndex{seed: maphash.MakeSeed(), slots: make([]wordSlot, size), mask: uint64(size - 1), long: map[string]int32{}}
	for i, w := range words {
		if w == "" || x.lookup([]byte(w)) >= 0 {
			continue
		}
		if len(w) > wordInline {
			x.long[w] = int32(i)
			continue
		}
		j := maphash.String(x.seed, w) & x.mask
		for x.slots[j].n != 0 {
			j = (j + 1) & x.mask
		}
		s := &x.slots[j]
		s.n = uint8(copy(s.word[:], w))
		s.row = int32(i)
	}
	return x
}

// lookup returns w's row, or -1.
func (x *wordIndex) lookup(w []byte) int {
	if len(w) > wordInline {
		if r, ok := x.long[string(w)]; ok {
			return int(r)
		}
		return -1
	}
	for j := maphash.Bytes(x.seed, w) & x.mask; ; j = (j + 1) & x.mask {
		s := &x.slots[j]
		if s.n == 0 {
			return -1
		}
		if int(s.n) == len(w) && string(s.word[:s.n]) == string(w) {
			return int(s.row)
		}
	}
}

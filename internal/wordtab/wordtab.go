// Package wordtab maps words to small integers with an open-addressing table
// whose slots hold short words inline, for the hot loops that look up every
// token of every paper: the keyword analyzer's word cache and the embedding
// model's vocabulary.
package wordtab

// Table maps words to values: a lookup is one probe into one cache line
// (Go's map keeps a pointer to each key's bytes: two or three dependent
// memory accesses, each a likely miss once the vocabulary is large). Longer
// words go to a map. Callers hash words themselves (one hash serves several
// tables) and give the same hash for the same word every time.
type Table struct {
	slots []wordSlot
	n     int // words in slots
	long  map[string]uint32
}

// wordSlotLen is the longest word kept inline.
const wordSlotLen = 27

// wordSlot is 32 bytes, two to a cache line.
type wordSlot struct {
	word [wordSlotLen]byte
	n    uint8 // word length; 0 = empty
	key  uint32
}

// New returns an empty table.
func New() Table {
	return Table{slots: make([]wordSlot, 1024), long: map[string]uint32{}}
}

// Len returns the number of words held.
func (t *Table) Len() int { return t.n + len(t.long) }

// Get returns the value of w, whose hash is h.
func (t *Table) Get(h uint64, w []byte) (uint32, bool) {
	if len(w) > wordSlotLen {
		k, ok := t.long[string(w)]
		return k, ok
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.n == 0 {
			return 0, false
		}
		if int(s.n) == len(w) && string(s.word[:s.n]) == string(w) {
			return s.key, true
		}
	}
}

// Put adds w (not yet held), whose hash is h, with key; hash computes the
// hash of another word when the table grows.
func (t *Table) Put(h uint64, w []byte, key uint32, hash func([]byte) uint64) {
	if len(w) > wordSlotLen {
		t.long[string(w)] = key
		return
	}
	if (t.n+1)*4 > len(t.slots)*3 { // keep the load under 3/4
		old := t.slots
		t.slots = make([]wordSlot, 2*len(old))
		t.n = 0
		for i := range old {
			if s := &old[i]; s.n != 0 {
				t.insert(hash(s.word[:s.n]), s.word[:s.n], s.key)
			}
		}
	}
	t.insert(h, w, key)
}

func (t *Table) insert(h uint64, w []byte, key uint32) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].n != 0 {
		i = (i + 1) & mask
	}
	s := &t.slots[i]
	s.n = uint8(copy(s.word[:], w))
	s.key = key
	t.n++
}

// Reset empties the table, keeping its room.
func (t *Table) Reset() {
	clear(t.slots)
	t.n = 0
	clear(t.long)
}

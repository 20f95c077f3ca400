package analysis

// wordTable maps word forms to term keys: an open-addressing table whose
// slots hold short words inline, so a lookup is one probe into one cache
// line (Go's map keeps a pointer to each key's bytes: two or three
// dependent memory accesses, each a likely miss once the vocabulary is
// large). Longer words go to a map.
type wordTable struct {
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

func newWordTable() wordTable {
	return wordTable{slots: make([]wordSlot, 1024), long: map[string]uint32{}}
}

// len returns the number of words held.
func (t *wordTable) len() int { return t.n + len(t.long) }

// get returns the key of w, whose hash is h.
func (t *wordTable) get(h uint64, w []byte) (uint32, bool) {
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

// put adds w (not yet held), whose hash is h, with key; hash computes the
// hash of another word when the table grows.
func (t *wordTable) put(h uint64, w []byte, key uint32, hash func([]byte) uint64) {
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

func (t *wordTable) insert(h uint64, w []byte, key uint32) {
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

// reset empties the table.
func (t *wordTable) reset() {
	clear(t.slots)
	t.n = 0
	clear(t.long)
}

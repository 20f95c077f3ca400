package analysis

// hotSlots is the size of an Analyzer's hot word cache: small enough to stay
// in a core's L2 cache (hotSlots × 32 bytes), large enough to hold the words
// that make up most of scientific text (nine tokens in ten on the arXiv crawl).
const hotSlots = 1 << 15

// hotWordLen is the longest word the hot cache holds (inline, no pointer).
const hotWordLen = 26

// hotEntry caches what term() decided for one surface word: its key, or 0
// for a stopword. 32 bytes, two to a cache line.
type hotEntry struct {
	word [hotWordLen]byte
	n    uint8 // word length; 0 = empty slot
	hits uint8 // recent hits: a frequent word is not evicted by a rare one
	key  uint32
}

// hotCache is a direct-mapped cache in front of the stem cache. The stem
// cache is a map of every word form seen, megabytes large, so each lookup
// misses the CPU caches; word frequencies are skewed, and a few thousand
// words, found here with one probe into a compact table, cover most tokens.
type hotCache struct {
	slots []hotEntry
}

// hotAfter is how many distinct words an Analyzer sees before it allocates
// its hot cache: one that analyses a query or two never needs it.
const hotAfter = 1024

// slot returns the slot of a word with hash hw, which may hold another
// word; nil while the cache is not allocated yet.
func (h *hotCache) slot(hw uint64) *hotEntry {
	if h.slots == nil {
		return nil
	}
	return &h.slots[hw&(hotSlots-1)]
}

// grow allocates the cache once the stem cache holds known words enough.
func (h *hotCache) grow(known int) {
	if h.slots == nil && known >= hotAfter {
		h.slots = make([]hotEntry, hotSlots)
	}
}

// holds reports whether e caches word w.
func (e *hotEntry) holds(w []byte) bool {
	return int(e.n) == len(w) && string(e.word[:e.n]) == string(w)
}

// hit counts a use of e's word.
func (e *hotEntry) hit() {
	if e.hits < 255 {
		e.hits++
	}
}

// offer makes e cache w (which must fit) unless e holds a word used more
// recently and often, which instead loses one of its hits.
func (e *hotEntry) offer(w []byte, key uint32) {
	if e.hits > 0 {
		e.hits--
		return
	}
	e.n = uint8(copy(e.word[:], w))
	e.key, e.hits = key, 1
}

// reset empties the cache (the stem cache's keys changed meaning).
func (h *hotCache) reset() { clear(h.slots) }

package embed

import (
	"hash/maphash"

	"github.com/paperwire/paperwire/internal/wordtab"
)

// wordIndex maps a vocabulary's words to their rows through a wordtab.Table:
// one probe into one cache line per token embedded, where Go's map paid a
// cache miss for the group and another for the key at a vocabulary of a
// hundred thousand words. It is read-only once built.
type wordIndex struct {
	seed  maphash.Seed
	table wordtab.Table
}

// newWordIndex indexes words by position; a repeated word keeps its first row.
func newWordIndex(words []string) *wordIndex {
	x := &wordIndex{seed: maphash.MakeSeed(), table: wordtab.New()}
	for i, w := range words {
		b := []byte(w)
		if h := x.hash(b); w != "" && x.lookup(b) < 0 {
			x.table.Put(h, b, uint32(i), x.hash)
		}
	}
	return x
}

func (x *wordIndex) hash(w []byte) uint64 { return maphash.Bytes(x.seed, w) }

// lookup returns w's row, or -1.
func (x *wordIndex) lookup(w []byte) int {
	if r, ok := x.table.Get(x.hash(w), w); ok {
		return int(r)
	}
	return -1
}

package vector

import (
	"fmt"
	"sync/atomic"
)

// rowHints remembers, for keys a caller numbers densely (the keyword index's
// document numbers), the row that last held the key's id, plus one (zero:
// unknown). A hint is only ever a guess, checked against the row's id before
// use, so deletes that move rows, ids that change keys and concurrent writers
// can make it miss but never wrong; a miss costs the map lookup it replaces.
type rowHints struct {
	slots atomic.Pointer[[]atomic.Int32]
}

// get returns key's remembered row plus one, 0 when none.
func (h *rowHints) get(key uint32) int32 {
	if s := h.slots.Load(); s != nil && int(key) < len(*s) {
		return (*s)[key].Load()
	}
	return 0
}

// set remembers row for key, growing the table to hold key.
func (h *rowHints) set(key uint32, row int) {
	s := h.slots.Load()
	if s == nil || int(key) >= len(*s) {
		n := 1024
		if s != nil {
			n = len(*s)
		}
		for n <= int(key) {
			n *= 2
		}
		grown := make([]atomic.Int32, n)
		if s != nil {
			for i := range *s {
				grown[i].Store((*s)[i].Load())
			}
		}
		// A concurrent grow may win; the hints it drops are relearnt.
		if !h.slots.CompareAndSwap(s, &grown) {
			return
		}
		s = &grown
	}
	(*s)[key].Store(int32(row + 1))
}

// ScoreKeyed is Score for ids the caller also numbers densely (keys[i] is
// ids[i]'s number): rows found for a key are remembered, so hybrid search,
// which scores a thousand keyword candidates per query, mostly finds a row
// with one string comparison instead of a lookup in a map of every id.
func (x *Exact) ScoreKeyed(q []float32, ids []string, keys []uint32) ([]float32, []bool, error) {
	if len(q) != x.dim {
		return nil, nil, fmt.Errorf("%w: query has %d, index has %d", ErrDim, len(q), x.dim)
	}
	if len(keys) != len(ids) {
		return nil, nil, fmt.Errorf("vector: %d keys for %d ids", len(keys), len(ids))
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		r := int(x.hints.get(keys[i])) - 1
		if r < 0 || r >= len(x.ids) || x.ids[r] != id {
			var ok bool
			if r, ok = x.row[id]; !ok {
				continue
			}
			x.hints.set(keys[i], r)
		}
		scores[i], found[i] = x.rowScore(q, r), true
	}
	return scores, found, nil
}

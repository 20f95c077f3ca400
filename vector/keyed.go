package vector

import (
	"fmt"
	"sync/atomic"

	"github.com/paperwire/paperwire/internal/prefetch"
)

// rowHints remembers which row holds the id a caller's key names, for keys
// a caller numbers densely (the keyword index's document numbers) under a
// numbering it names (a new one whenever a key may come to name another
// id). Each hint is checked both ways: the key's row, and the key that row
// was last found for. Only a ScoreKeyed call, which holds the read lock
// (rows cannot move), writes a pair, and only after finding the row by id;
// Delete, which moves a row, clears what pointed at the rows it touched. So
// a hint can be missing but never wrong, and a hit costs two small loads
// instead of comparing the id's bytes with the row's (two cache misses).
type rowHints struct {
	cur atomic.Pointer[hintTable]
}

// hintTable holds the hints of one numbering; it is replaced, not changed,
// when a call brings another numbering or needs more room.
type hintTable struct {
	numbering uint64
	rowOf     []atomic.Int32  // key → row+1, 0: unknown
	keyOf     []atomic.Uint32 // row → key+1 that the row was found for, 0: none
}

// table returns the hints for numbering with room for key maxKey and rows
// rows, making a fresh table for a new numbering.
func (h *rowHints) table(numbering uint64, maxKey uint32, rows int) *hintTable {
	t := h.cur.Load()
	if t != nil && t.numbering == numbering && int(maxKey) < len(t.rowOf) && rows <= len(t.keyOf) {
		return t
	}
	same := t != nil && t.numbering == numbering
	keys := int(maxKey) + 1
	if same {
		keys, rows = max(keys, len(t.rowOf)), max(rows, len(t.keyOf))
	}
	grown := &hintTable{numbering: numbering,
		rowOf: make([]atomic.Int32, roomFor(keys)),
		keyOf: make([]atomic.Uint32, roomFor(rows)),
	}
	if same {
		for i := range t.rowOf {
			grown.rowOf[i].Store(t.rowOf[i].Load())
		}
		for i := range t.keyOf {
			grown.keyOf[i].Store(t.keyOf[i].Load())
		}
	}
	// A concurrent call may win; the hints it drops are found again.
	h.cur.CompareAndSwap(t, grown)
	return grown
}

// roomFor is n and an eighth more, so a growing index does not copy its
// table at every new row.
func roomFor(n int) int { return n + n/8 + 64 }

// forget clears the hints to and from row r (Delete, under the write lock).
func (h *rowHints) forget(r int) {
	if t := h.cur.Load(); t != nil && r < len(t.keyOf) {
		if k := t.keyOf[r].Load(); k != 0 && int(k-1) < len(t.rowOf) {
			t.rowOf[k-1].Store(0)
		}
		t.keyOf[r].Store(0)
	}
}

// ScoreKeyed is Score for ids the caller also numbers densely (keys[i] is
// ids[i]'s number under the caller's numbering, which must change whenever a
// key may name another id): rows found for a key are remembered, so hybrid
// search, which scores a thousand keyword candidates per query, mostly
// finds a row with two small loads instead of a lookup in a map of every
// id. Numbering 0 remembers nothing.
func (x *Exact) ScoreKeyed(q []float32, ids []string, keys []uint32, numbering uint64) ([]float32, []bool, error) {
	if len(q) != x.dim {
		return nil, nil, fmt.Errorf("%w: query has %d, index has %d", ErrDim, len(q), x.dim)
	}
	if len(keys) != len(ids) {
		return nil, nil, fmt.Errorf("vector: %d keys for %d ids", len(keys), len(ids))
	}
	if numbering == 0 {
		return x.Score(q, ids)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	maxKey := uint32(0)
	for _, k := range keys {
		maxKey = max(maxKey, k)
	}
	t := x.hints.table(numbering, maxKey, len(x.ids))
	rows := make([]int32, 0, len(ids)) // the rows found, in order
	for i, id := range ids {
		k := keys[i]
		r := int(t.rowOf[k].Load()) - 1
		if r < 0 || r >= len(x.ids) || t.keyOf[r].Load() != k+1 {
			var ok bool
			if r, ok = x.row[id]; !ok {
				continue
			}
			t.keyOf[r].Store(k + 1)
			t.rowOf[k].Store(int32(r + 1))
		}
		found[i] = true
		rows = append(rows, int32(r))
	}
	x.scoreRows(q, rows, scores, found)
	return scores, found, nil
}

// prefetchAhead is how many rows ahead scoreRows asks for: a row scattered
// in a large index waits on memory several times as long as its dot product
// takes, so asking early lets the loads overlap.
const prefetchAhead = 4

// scoreRows writes the scores of rows (in order) to the places of scores
// that found marks.
func (x *Exact) scoreRows(q []float32, rows []int32, scores []float32, found []bool) {
	for _, r := range rows[:min(prefetchAhead, len(rows))] {
		prefetch.Slice(x.q[int(r)*x.dim : (int(r)+1)*x.dim])
	}
	j := 0
	for i, ok := range found {
		if !ok {
			continue
		}
		if j+prefetchAhead < len(rows) {
			prefetch.Slice(x.q[int(rows[j+prefetchAhead])*x.dim : (int(rows[j+prefetchAhead])+1)*x.dim])
		}
		scores[i] = x.rowScore(q, int(rows[j]))
		j++
	}
}

package vector

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Exact is an Index that scans every vector. Rows live in one contiguous
// slice of int8 components with a float32 scale each (see quant.go: a
// quarter of float32's memory); a delete moves the last row into the hole. It also remembers which embedder produced the vectors and the last
// change sequence applied, so a saved index can be trusted at start-up.
type Exact struct {
	mu      sync.RWMutex
	dim     int
	ids     []string
	q       []int8    // len(ids)*dim components
	scales  []float32 // one per row
	row     map[string]int
	hints   rowHints // for ScoreKeyed
	model   string
	seq     int64
	workers int
}

// NewExact returns an empty exact index for vectors of length dim made by the
// embedder named model (see embed.Embedder.Name).
func NewExact(dim int, model string) *Exact {
	return &Exact{dim: dim, model: model, row: map[string]int{}, workers: runtime.GOMAXPROCS(0)}
}

// SetWorkers sets how many goroutines a search uses (default GOMAXPROCS).
func (x *Exact) SetWorkers(n int) { x.mu.Lock(); x.workers = max(1, n); x.mu.Unlock() }

// Dim is the vector length.
func (x *Exact) Dim() int { return x.dim }

// Model is the name of the embedder whose vectors the index holds.
func (x *Exact) Model() string { x.mu.RLock(); defer x.mu.RUnlock(); return x.model }

// Seq is the last change sequence recorded with SetSeq.
func (x *Exact) Seq() int64 { x.mu.RLock(); defer x.mu.RUnlock(); return x.seq }

// SetSeq records that every change up to seq has been applied.
func (x *Exact) SetSeq(seq int64) { x.mu.Lock(); x.seq = seq; x.mu.Unlock() }

// Len is the number of stored vectors.
func (x *Exact) Len() int { x.mu.RLock(); defer x.mu.RUnlock(); return len(x.ids) }

// Has reports whether id has a vector.
func (x *Exact) Has(id string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	_, ok := x.row[id]
	return ok
}

// Add stores vec (copied) under id, replacing an earlier vector of id.
func (x *Exact) Add(id string, vec []float32) error {
	if len(vec) != x.dim {
		return fmt.Errorf("%w: %d, index has %d", ErrDim, len(vec), x.dim)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	r, ok := x.row[id]
	if !ok {
		r = len(x.ids)
		x.row[id] = r
		x.ids = append(x.ids, id)
		x.q = slices.Grow(x.q, x.dim)[:len(x.q)+x.dim]
		x.scales = append(x.scales, 0)
	}
	x.scales[r] = quantize(vec, x.q[r*x.dim:(r+1)*x.dim])
	return nil
}

// Delete removes id and reports whether it was present.
func (x *Exact) Delete(id string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	r, ok := x.row[id]
	if !ok {
		return false
	}
	last := len(x.ids) - 1
	x.hints.forget(r)
	x.hints.forget(last)
	if r != last {
		copy(x.q[r*x.dim:(r+1)*x.dim], x.q[last*x.dim:])
		x.scales[r] = x.scales[last]
		x.ids[r] = x.ids[last]
		x.row[x.ids[r]] = r
	}
	x.ids, x.q, x.scales = x.ids[:last], x.q[:last*x.dim], x.scales[:last]
	delete(x.row, id)
	return true
}

// Vector returns id's vector as stored (each component a multiple of the
// row's scale), or nil.
func (x *Exact) Vector(id string) []float32 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	r, ok := x.row[id]
	if !ok {
		return nil
	}
	v := make([]float32, x.dim)
	dequantize(x.q[r*x.dim:(r+1)*x.dim], x.scales[r], v)
	return v
}

// rowScore is row r's dot product with q.
func (x *Exact) rowScore(q []float32, r int) float32 {
	return dotInt8(q, x.q[r*x.dim:(r+1)*x.dim]) * x.scales[r]
}

// VectorBytes is how many bytes the stored vectors take in memory.
func (x *Exact) VectorBytes() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.q) + 4*len(x.scales)
}

// minRowsPerWorker keeps small indexes on one goroutine: below it, starting
// goroutines costs more than the scan.
const minRowsPerWorker = 16384

// Search returns the k stored vectors with the highest dot product with q,
// best first (ties by insertion order). keep filters ids; it is only asked
// about candidates good enough to enter the top k, so a costly filter stays cheap.
func (x *Exact) Search(q []float32, k int, keep func(id string) bool) ([]Hit, error) {
	if len(q) != x.dim {
		return nil, fmt.Errorf("%w: query has %d, index has %d", ErrDim, len(q), x.dim)
	}
	if k <= 0 {
		return nil, nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	n := len(x.ids)
	workers := max(1, min(x.workers, n/minRowsPerWorker))
	parts := make([]*topK, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { parts[w] = x.scan(q, k, lo, hi, keep) })
	}
	wg.Wait()
	all := parts[0]
	for _, p := range parts[1:] {
		for i := range p.rows {
			all.offer(p.rows[i], p.score[i])
		}
	}
	hits := make([]Hit, len(all.rows))
	order := make([]int, len(all.rows))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if all.score[i] != all.score[j] {
			return all.score[i] > all.score[j]
		}
		return all.rows[i] < all.rows[j]
	})
	for i, o := range order {
		hits[i] = Hit{ID: x.ids[all.rows[o]], Score: all.score[o]}
	}
	return hits, nil
}

// scan ranks rows [lo, hi).
func (x *Exact) scan(q []float32, k, lo, hi int, keep func(string) bool) *topK {
	t := newTopK(k)
	for r := lo; r < hi; r++ {
		s := x.rowScore(q, r)
		if t.full() && !t.beats(r, s) {
			continue
		}
		if keep != nil && !keep(x.ids[r]) {
			continue
		}
		t.offer(r, s)
	}
	return t
}

// Score returns the dot product of q with each id's vector, and false for an
// id without one. Hybrid search uses it to re-rank lexical candidates: on
// SciFact, blending over BM25's top 1,000 equals blending with a full vector
// scan, at a cost independent of the index size.
func (x *Exact) Score(q []float32, ids []string) ([]float32, []bool, error) {
	if len(q) != x.dim {
		return nil, nil, fmt.Errorf("%w: query has %d, index has %d", ErrDim, len(q), x.dim)
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		if r, ok := x.row[id]; ok {
			scores[i], found[i] = x.rowScore(q, r), true
		}
	}
	return scores, found, nil
}

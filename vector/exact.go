package vector

import (
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/viterin/vek/vek32"
)

// Exact is an Index that scans every vector. Rows live in one contiguous
// slice (cache-friendly, one allocation); a delete moves the last row into the
// hole. It also remembers which embedder produced the vectors and the last
// change sequence applied, so a saved index can be trusted at start-up.
type Exact struct {
	mu      sync.RWMutex
	dim     int
	ids     []string
	vecs    []float32
	row     map[string]int
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
	if r, ok := x.row[id]; ok {
		copy(x.vecs[r*x.dim:(r+1)*x.dim], vec)
		return nil
	}
	x.row[id] = len(x.ids)
	x.ids = append(x.ids, id)
	x.vecs = append(x.vecs, vec...)
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
	if r != last {
		copy(x.vecs[r*x.dim:(r+1)*x.dim], x.vecs[last*x.dim:])
		x.ids[r] = x.ids[last]
		x.row[x.ids[r]] = r
	}
	x.ids, x.vecs = x.ids[:last], x.vecs[:last*x.dim]
	delete(x.row, id)
	return true
}

// Vector returns a copy of id's vector, or nil.
func (x *Exact) Vector(id string) []float32 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	r, ok := x.row[id]
	if !ok {
		return nil
	}
	return append([]float32(nil), x.vecs[r*x.dim:(r+1)*x.dim]...)
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

// scan ranks rows [lo, hi). One vek32.Dot per row measured as fast as
// blocked matrix-vector products (vek32.MatMul_Into): the scan is bound by
// memory bandwidth, not arithmetic.
func (x *Exact) scan(q []float32, k, lo, hi int, keep func(string) bool) *topK {
	t := newTopK(k)
	d := x.dim
	for r := lo; r < hi; r++ {
		s := vek32.Dot(q, x.vecs[r*d:(r+1)*d])
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
	d := x.dim
	for i, id := range ids {
		if r, ok := x.row[id]; ok {
			scores[i], found[i] = vek32.Dot(q, x.vecs[r*d:(r+1)*d]), true
		}
	}
	return scores, found, nil
}

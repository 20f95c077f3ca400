package embed

import (
	"math"
	"slices"
	"sync"

	"github.com/paperwire/paperwire/internal/prefetch"
	"github.com/viterin/vek/vek32"
)

// trainer runs contrastive steps over word vectors with Adagrad. Work is split
// over workers so that every row is summed in the same order whatever the
// scheduling: training is deterministic for a given seed.
type trainer struct {
	p     *params
	idf   []float32
	opts  TrainOptions
	slot  []int32     // row → 1 + its place in its owner's rows and grads; 0 when untouched
	rows  [][]int32   // per worker: touched rows it owns
	grads [][]float32 // per worker: the gradients of those rows, dim each
	buf   stepBuffers
}

// stepBuffers are a step's matrices, kept from one step to the next: a step
// over 256 pairs would otherwise allocate about 2 MB, and the collector's
// low target while training (trainGCPercent) made that garbage a tenth of
// training's CPU.
type stepBuffers struct {
	q, d       encoded
	dT         []float32 // documents' vectors, transposed (dim × m)
	sim        []float32 // n × m cosine similarities
	e          []float64 // n × m exp(s - 1/τ), 0 where masked
	rowSum     []float64
	colSum     []float64
	invCol     []float64 // 1/colSum
	gf, gt     []float32 // n × m loss gradients, and transposed
	dq, dd     []float32 // gradients of the unit vectors
	qbag, dbag []bag
}

// grow returns b resliced to n elements, reallocated when too small.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

func newTrainer(p *params, idf []float32, opts TrainOptions) *trainer {
	return &trainer{
		p: p, idf: idf, opts: opts,
		slot:  make([]int32, len(idf)),
		rows:  make([][]int32, opts.Workers),
		grads: make([][]float32, opts.Workers),
	}
}

// encoded is a batch of texts as unit vectors (rows of flat), their
// pre-normalisation lengths and the gradients that flow back into them.
type encoded struct {
	flat  []float32
	vecs  [][]float32
	norms []float32
	grads [][]float32
}

// encode fills e with bags' unit vectors.
func (t *trainer) encode(e *encoded, bags []bag) {
	dim, n := t.p.dim, len(bags)
	e.flat = grow(e.flat, n*dim)
	clear(e.flat)
	e.vecs, e.norms, e.grads = grow(e.vecs, n), grow(e.norms, n), grow(e.grads, n)
	t.parallel(func(w int) {
		for i := w; i < n; i += t.opts.Workers {
			u := e.flat[i*dim : (i+1)*dim]
			b := bags[i]
			for k, id := range b.ids {
				// The rows are scattered over tens of megabytes: asking
				// for the row two words ahead hides most of the wait for
				// it (BenchmarkTrainStep, 12% a step with the one below).
				if k+2 < len(b.ids) {
					next := int(b.ids[k+2]) * dim
					prefetch.Slice(t.p.vecs[next : next+dim])
				}
				axpy(u, t.p.vecs[int(id)*dim:(int(id)+1)*dim], b.coef[k])
			}
			nrm := float32(math.Sqrt(float64(vek32.Dot(u, u))))
			if nrm > 0 {
				vek32.DivNumber_Inplace(u, nrm)
			}
			e.vecs[i], e.norms[i] = u, nrm
		}
	})
}

// step trains on one batch and returns its mean loss. Each query's positive is
// its own document; the batch's other documents are its negatives, except
// those from the same source document. The loss is
// symmetric over the positives (query→document and document→query).
func (t *trainer) step(batch []pair) float64 {
	n, dim := len(batch), t.p.dim
	m := n
	b := &t.buf
	b.qbag, b.dbag = grow(b.qbag, n), grow(b.dbag, n)
	for i, p := range batch {
		b.qbag[i], b.dbag[i] = p.q, p.d
	}
	t.encode(&b.q, b.qbag)
	t.encode(&b.d, b.dbag)
	q, d := &b.q, &b.d
	inv := 1 / t.opts.Temperature
	qf, df := q.flat, d.flat
	b.dT = grow(b.dT, dim*m)
	t.parallel(func(w int) {
		lo, hi := span(m, w, t.opts.Workers)
		transpose(b.dT, df, lo, hi, m, dim)
	})
	b.sim = grow(b.sim, n*m)
	matMul(b.sim, qf, b.dT, n, dim, m, t.parallel, t.opts.Workers)
	// Both softmax directions share exp(s): with s = cos/τ ≤ 1/τ, shifting by
	// 1/τ keeps every exponential at most 1 and, for any usable temperature,
	// far above float64's underflow, so each is computed once.
	b.e = grow(b.e, n*m)
	b.rowSum, b.colSum = grow(b.rowSum, n), grow(b.colSum, m)
	clear(b.colSum)
	shift := float64(inv)
	// Rows by worker, then columns by worker: each sum adds its terms in
	// the same order whatever the number of workers.
	t.parallel(func(w int) {
		for i := w; i < n; i += t.opts.Workers {
			row := b.e[i*m : (i+1)*m]
			for j, s := range b.sim[i*m : (i+1)*m] {
				row[j] = float64(s*inv) - shift
			}
			expInPlace(row)
			var rs float64
			for j, x := range row {
				if i != j && batch[i].doc == batch[j].doc {
					row[j] = 0
					continue
				}
				rs += x
			}
			b.rowSum[i] = rs
		}
	})
	t.parallel(func(w int) {
		lo, hi := span(m, w, t.opts.Workers)
		cs := b.colSum[lo:hi]
		for i := range n {
			for j, x := range b.e[i*m+lo : i*m+hi] {
				cs[j] += x
			}
		}
	})
	// loss = Σ_i (log rowSum_i - s_ii) + Σ_j (log colSum_j - s_jj), shifts
	// cancelling; dLoss/ds_ij = e_ij/rowSum_i + e_ij/colSum_j - 2[i=j].
	var loss float64
	for i := range n {
		sii := float64(b.sim[i*m+i]*inv) - shift
		loss += math.Log(b.rowSum[i]) + math.Log(b.colSum[i]) - 2*sii
	}
	scale := 1 / float64(2*n)
	c := scale * float64(inv)
	// Gradients of the unit vectors are two matrix products: dQ = G·D and
	// dD = Gᵀ·Q (G scaled by 1/τ and the mean).
	b.gf = grow(b.gf, n*m)
	b.invCol = grow(b.invCol, m)
	for j, cs := range b.colSum {
		b.invCol[j] = 1 / cs
	}
	t.parallel(func(w int) {
		lo, hi := span(n, w, t.opts.Workers)
		for i := lo; i < hi; i++ {
			ri := 1 / b.rowSum[i]
			row := b.gf[i*m : (i+1)*m]
			for j, e := range b.e[i*m : (i+1)*m] {
				x := e * (ri + b.invCol[j])
				if i == j {
					x -= 2
				}
				row[j] = float32(x * c)
			}
		}
	})
	b.gt = grow(b.gt, m*n)
	t.parallel(func(w int) {
		lo, hi := span(n, w, t.opts.Workers)
		transpose(b.gt, b.gf, lo, hi, n, m)
	})
	b.dq, b.dd = grow(b.dq, n*dim), grow(b.dd, m*dim)
	matMul(b.dq, b.gf, df, n, m, dim, t.parallel, t.opts.Workers)
	matMul(b.dd, b.gt, qf, m, n, dim, t.parallel, t.opts.Workers)
	for i := range n {
		q.grads[i] = b.dq[i*dim : (i+1)*dim]
	}
	for j := range m {
		d.grads[j] = b.dd[j*dim : (j+1)*dim]
	}
	// Back through the normalisation: d(u/|u|) = (g - (g·v)v)/|u|.
	t.parallel(func(w int) {
		for k := w; k < 2*n; k += t.opts.Workers {
			e, i := q, k
			if k >= n {
				e, i = d, k-n
			}
			gv := e.grads[i]
			if e.norms[i] == 0 {
				clear(gv)
				continue
			}
			axpy(gv, e.vecs[i], -vek32.Dot(gv, e.vecs[i]))
			vek32.DivNumber_Inplace(gv, e.norms[i])
		}
	})
	t.scatterAndUpdate([]*encoded{q, d}, [][]bag{b.qbag, b.dbag})
	return loss * scale
}

// scatterAndUpdate adds each text's gradient to its words' rows and applies
// Adagrad to the touched rows. Worker w owns rows with id%Workers == w.
func (t *trainer) scatterAndUpdate(es []*encoded, bags [][]bag) {
	dim, workers := t.p.dim, t.opts.Workers
	lr := t.opts.LearningRate
	t.parallel(func(w int) {
		rows, grads := t.rows[w][:0], t.grads[w][:0]
		for side, e := range es {
			for i, b := range bags[side] {
				gv := e.grads[i]
				for k, id := range b.ids {
					if int(id)%workers != w {
						continue
					}
					if t.slot[id] == 0 {
						rows = append(rows, id)
						t.slot[id] = int32(len(rows))
						grads = slices.Grow(grads, dim)
						grads = grads[:len(grads)+dim]
						clear(grads[len(grads)-dim:])
					}
					s := int(t.slot[id]-1) * dim
					axpy(grads[s:s+dim], gv, b.coef[k])
				}
			}
		}
		for r, id := range rows {
			if r+2 < len(rows) {
				next := int(rows[r+2]) * dim
				prefetch.Slice(t.p.vecs[next : next+dim])
				prefetch.Slice(t.p.accum[next : next+dim])
			}
			off := int(id) * dim
			g, v := grads[r*dim:(r+1)*dim], t.p.vecs[off:off+dim]
			adagrad(v, t.p.accum[off:off+dim], g, lr)
			t.slot[id] = 0
		}
		t.rows[w], t.grads[w] = rows, grads
	})
}

func (t *trainer) parallel(f func(w int)) {
	if t.opts.Workers == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for w := range t.opts.Workers {
		wg.Go(func() { f(w) })
	}
	wg.Wait()
}

// transpose sets dst[k*rows+r] = src[r*cols+k] for the rows [lo, hi) of src
// (rows×cols, row-major). It goes sixteen rows at a time, so each write
// fills a cache line of dst while sixteen rows of src are read in step;
// workers take contiguous rows, so no two write the same line. Element by
// element, with rows dealt out to the workers in turn, a step's two
// transposes took a tenth of training.
func transpose(dst, src []float32, lo, hi, rows, cols int) {
	for r0 := lo; r0 < hi; r0 += 16 {
		r1 := min(r0+16, hi)
		for k := range cols {
			out := dst[k*rows+r0 : k*rows+r1]
			for r := range out {
				out[r] = src[(r0+r)*cols+k]
			}
		}
	}
}

// span is worker w's share of n items when workers split them into
// contiguous runs.
func span(n, w, workers int) (lo, hi int) {
	return n * w / workers, n * (w + 1) / workers
}

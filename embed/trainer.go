package embed

import (
	"math"
	"slices"
	"sync"

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
}

func newTrainer(p *params, idf []float32, opts TrainOptions) *trainer {
	return &trainer{
		p: p, idf: idf, opts: opts,
		slot:  make([]int32, len(idf)),
		rows:  make([][]int32, opts.Workers),
		grads: make([][]float32, opts.Workers),
	}
}

// encoded is a batch of texts as unit vectors, their pre-normalisation
// lengths and the gradients that flow back into them.
type encoded struct {
	vecs  [][]float32
	norms []float32
	grads [][]float32
}

func (t *trainer) encode(bags []bag) *encoded {
	dim := t.p.dim
	e := &encoded{vecs: make([][]float32, len(bags)), norms: make([]float32, len(bags)), grads: make([][]float32, len(bags))}
	t.parallel(func(w int) {
		tmp := make([]float32, dim)
		for i := w; i < len(bags); i += t.opts.Workers {
			u := make([]float32, dim)
			b := bags[i]
			for k, id := range b.ids {
				axpyVec(u, t.p.vecs[int(id)*dim:(int(id)+1)*dim], b.coef[k], tmp)
			}
			n := float32(math.Sqrt(float64(vek32.Dot(u, u))))
			if n > 0 {
				vek32.DivNumber_Inplace(u, n)
			}
			e.vecs[i], e.norms[i] = u, n
		}
	})
	return e
}

// step trains on one batch and returns its mean loss. Each query's positive is
// its own document; the batch's other documents are its negatives, except
// those from the same source document. The loss is
// symmetric over the positives (query→document and document→query).
func (t *trainer) step(batch []pair) float64 {
	n := len(batch)
	qb := make([]bag, n)
	cols := make([]bag, n)
	colDoc := make([]int, n)
	for i, p := range batch {
		qb[i], cols[i], colDoc[i] = p.q, p.d, p.doc
	}
	m := len(cols)
	q, d := t.encode(qb), t.encode(cols)
	inv := 1 / t.opts.Temperature
	dim := t.p.dim
	qf, df := flatten(q.vecs, dim), flatten(d.vecs, dim)
	dT := make([]float32, dim*m)
	for j := range m {
		for k := range dim {
			dT[k*m+j] = df[j*dim+k]
		}
	}
	sim := vek32.MatMul(qf, dT, dim) // n×m cosine similarities
	s := make([][]float64, n)
	for i := range n {
		s[i] = make([]float64, m)
		for j := range m {
			if i != j && batch[i].doc == colDoc[j] {
				s[i][j] = math.Inf(-1)
				continue
			}
			s[i][j] = float64(sim[i*m+j] * inv)
		}
	}
	// g[i][j] = dLoss/ds[i][j] for both softmax directions.
	g := make([][]float64, n)
	var loss float64
	for i := range n {
		g[i] = make([]float64, m)
		lse := logSumExp(m, func(j int) float64 { return s[i][j] })
		loss += lse - s[i][i]
		for j := range m {
			g[i][j] += math.Exp(s[i][j] - lse)
		}
		g[i][i]--
	}
	for j := range n {
		lse := logSumExp(n, func(i int) float64 { return s[i][j] })
		loss += lse - s[j][j]
		for i := range n {
			g[i][j] += math.Exp(s[i][j] - lse)
		}
		g[j][j]--
	}
	scale := 1 / float64(2*n)
	c := float32(scale * float64(inv))
	// Gradients of the unit vectors are two matrix products, done with vek's
	// AVX2 kernels: dQ = G·D and dD = Gᵀ·Q (G scaled by 1/τ and the mean).
	gf, gt := make([]float32, n*m), make([]float32, m*n)
	for i := range n {
		for j := range m {
			x := float32(g[i][j]) * c
			gf[i*m+j], gt[j*n+i] = x, x
		}
	}
	dq := vek32.MatMul(gf, df, m)
	dd := vek32.MatMul(gt, qf, n)
	for i := range n {
		q.grads[i] = dq[i*dim : (i+1)*dim]
	}
	for j := range m {
		d.grads[j] = dd[j*dim : (j+1)*dim]
	}
	// Back through the normalisation: d(u/|u|) = (g - (g·v)v)/|u|.
	for _, e := range []*encoded{q, d} {
		for i, gv := range e.grads {
			if e.norms[i] == 0 {
				clear(gv)
				continue
			}
			axpy(gv, e.vecs[i], -vek32.Dot(gv, e.vecs[i]))
			vek32.DivNumber_Inplace(gv, e.norms[i])
		}
	}
	t.scatterAndUpdate([]*encoded{q, d}, [][]bag{qb, cols})
	return loss * scale
}

// scatterAndUpdate adds each text's gradient to its words' rows and applies
// Adagrad to the touched rows. Worker w owns rows with id%Workers == w.
func (t *trainer) scatterAndUpdate(es []*encoded, bags [][]bag) {
	dim, workers := t.p.dim, t.opts.Workers
	lr := t.opts.LearningRate
	t.parallel(func(w int) {
		tmp := make([]float32, dim)
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
					axpyVec(grads[s:s+dim], gv, b.coef[k], tmp)
				}
			}
		}
		for r, id := range rows {
			off := int(id) * dim
			g, v := grads[r*dim:(r+1)*dim], t.p.vecs[off:off+dim]
			a := t.p.accum[off : off+dim]
			for k, x := range g {
				a[k] += x * x
				v[k] -= lr * x / float32(math.Sqrt(float64(a[k])+1e-8))
			}
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

// logSumExp returns log Σ exp(at(k)) over k < n, stably.
func logSumExp(n int, at func(int) float64) float64 {
	m := math.Inf(-1)
	for k := range n {
		m = max(m, at(k))
	}
	var sum float64
	for k := range n {
		sum += math.Exp(at(k) - m)
	}
	return m + math.Log(sum)
}

// axpy sets y += a*x.
func axpy(y, x []float32, a float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] += a * x[i]
	}
}

// axpyVec sets y += a*x as axpy does, with vek's AVX2 kernels (tmp is
// scratch of y's length): each element is still rounded after the product and
// after the sum, so the results are bit for bit axpy's (Go does not fuse a
// multiply and an add into one instruction on amd64), and a seed trains the
// same model either way. It is the inner loop of training.
func axpyVec(y, x []float32, a float32, tmp []float32) {
	vek32.Add_Inplace(y, vek32.MulNumber_Into(tmp[:len(y)], x[:len(y)], a))
}

// flatten copies equal-length rows into one row-major matrix.
func flatten(rows [][]float32, dim int) []float32 {
	out := make([]float32, 0, len(rows)*dim)
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

package embed

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/viterin/vek/vek32"
)

// layer is a small non-linear step after pooling. A bag of word vectors,
// however trained, is linear in its words (a learned weight per word, or a
// linear map after pooling, only rescales or rotates the same sum); the
// layer lets a text's words act together:
//
//	v = normalise(u + relu(u·A + c)·B)
//
// with u the pooled unit vector, A dim×hidden, c hidden, B hidden×dim. B
// starts at zero, so training starts from the bag of words.
//
// With tanh set, the layer is instead v = normalise(u + tanh(u·A + c)), A
// dim×dim started at zero (hidden is dim, and there is no B).
type layer struct {
	dim, hidden int
	tanh        bool
	w           []float32 // A, then c, then B, one flat array (one Adagrad update)
}

func (l *layer) a() []float32 { return l.w[:l.dim*l.hidden] }
func (l *layer) c() []float32 { return l.w[l.dim*l.hidden : l.dim*l.hidden+l.hidden] }
func (l *layer) b() []float32 { return l.w[l.dim*l.hidden+l.hidden:] }

func layerSize(dim, hidden int, tanh bool) int {
	if tanh {
		return dim*dim + dim
	}
	return 2*dim*hidden + hidden
}

// newTanhLayer is the tanh form, started at zero (the bag of words).
func newTanhLayer(dim int) *layer {
	return &layer{dim: dim, hidden: dim, tanh: true, w: make([]float32, layerSize(dim, dim, true))}
}

// newLayer starts A so that each hidden unit's input has unit spread for a
// unit vector u, c at zero and B at zero.
func newLayer(dim, hidden int, rng *rand.Rand) *layer {
	l := &layer{dim: dim, hidden: hidden, w: make([]float32, layerSize(dim, hidden, false))}
	for i := range l.a() {
		l.w[i] = float32(rng.NormFloat64())
	}
	return l
}

// apply maps one pooled unit vector u to the model's output in place, with
// h (hidden long) as scratch. A zero vector (a text with no known word)
// stays zero.
func (l *layer) apply(u, h []float32) {
	if vek32.Dot(u, u) == 0 {
		return
	}
	h = h[:l.hidden]
	copy(h, l.c())
	a, b := l.a(), l.b()
	for k, x := range u {
		if x != 0 {
			axpy(h, a[k*l.hidden:(k+1)*l.hidden], x)
		}
	}
	if l.tanh {
		for j, z := range h {
			u[j] += float32(math.Tanh(float64(z)))
		}
		normalize(u)
		return
	}
	for j, z := range h {
		if z > 0 {
			axpy(u, b[j*l.dim:(j+1)*l.dim], z)
		}
	}
	normalize(u)
}

// layerPass holds one batch side's forward values for the backward pass.
type layerPass struct {
	out   []float32 // n × dim outputs, unit rows
	z     []float32 // n × hidden pre-activations
	r     []float32 // n × hidden activations
	norms []float32 // n lengths of the outputs before normalisation
	// scratch of the backward pass
	t1, t2, gy []float32
}

// forward computes the outputs of the rows of u (n × dim) into p.out; a
// row whose input length in is zero stays zero, as apply leaves it.
func (l *layer) forward(p *layerPass, u, in []float32, n int) {
	dim, hid := l.dim, l.hidden
	p.z, p.r = grow(p.z, n*hid), grow(p.r, n*hid)
	p.out, p.norms = grow(p.out, n*dim), grow(p.norms, n)
	vek32.MatMul_Into(p.z, u, l.a(), dim)
	c := l.c()
	for i := range n {
		z, r := p.z[i*hid:(i+1)*hid], p.r[i*hid:(i+1)*hid]
		vek32.Add_Inplace(z, c)
		for j, x := range z {
			if l.tanh {
				r[j] = float32(math.Tanh(float64(x)))
			} else {
				r[j] = max(x, 0)
			}
		}
	}
	if l.tanh {
		copy(p.out, p.r[:n*dim])
	} else {
		vek32.MatMul_Into(p.out, p.r, l.b(), hid)
	}
	for i := range n {
		y := p.out[i*dim : (i+1)*dim]
		if in[i] == 0 {
			clear(y)
			p.norms[i] = 0
			continue
		}
		vek32.Add_Inplace(y, u[i*dim:(i+1)*dim])
		nrm := float32(math.Sqrt(float64(vek32.Dot(y, y))))
		if nrm > 0 {
			vek32.DivNumber_Inplace(y, nrm)
		}
		p.norms[i] = nrm
	}
}

// backward turns g (n × dim, the loss gradient of the outputs) into the
// gradient of the inputs u, in place, and adds the weights' gradient to gw.
func (l *layer) backward(p *layerPass, u, g, gw []float32, n int) {
	dim, hid := l.dim, l.hidden
	// Through the normalisation: gy = (g - (g·v)v)/|y|.
	p.gy = grow(p.gy, n*dim)
	for i := range n {
		gi, v, gy := g[i*dim:(i+1)*dim], p.out[i*dim:(i+1)*dim], p.gy[i*dim:(i+1)*dim]
		if p.norms[i] == 0 {
			clear(gy)
			continue
		}
		copy(gy, gi)
		axpy(gy, v, -vek32.Dot(gi, v))
		vek32.DivNumber_Inplace(gy, p.norms[i])
	}
	ga, gc, gb := gw[:dim*hid], gw[dim*hid:dim*hid+hid], gw[dim*hid+hid:]
	if l.tanh {
		gz := p.z[:n*dim] // the pre-activations are done with: reuse them
		for i, r := range p.r[:n*dim] {
			gz[i] = p.gy[i] * (1 - r*r)
		}
		l.backwardA(p, u, g, ga, gc, gz, n)
		return
	}
	// gB += rᵀ·gy
	p.t1 = transpose(p.t1, p.r, n, hid)
	p.t2 = grow(p.t2, max(hid*dim, n*hid))
	vek32.MatMul_Into(p.t2[:hid*dim], p.t1, p.gy, n)
	vek32.Add_Inplace(gb, p.t2[:hid*dim])
	// gz = gy·Bᵀ masked by relu; the activations' buffer is done with, reuse it.
	p.t1 = transpose(p.t1, l.b(), hid, dim)
	gz := p.r
	vek32.MatMul_Into(gz, p.gy, p.t1, dim)
	for i, z := range p.z[:n*hid] {
		if z <= 0 {
			gz[i] = 0
		}
	}
	l.backwardA(p, u, g, ga, gc, gz, n)
}

// backwardA adds the gradients of A and c given gz, the pre-activations'
// gradient, and sets g to the inputs' gradient, gy + gz·Aᵀ.
func (l *layer) backwardA(p *layerPass, u, g, ga, gc, gz []float32, n int) {
	dim, hid := l.dim, l.hidden
	p.t2 = grow(p.t2, hid*dim)
	for i := range n {
		vek32.Add_Inplace(gc, gz[i*hid:(i+1)*hid])
	}
	// gA += uᵀ·gz
	p.t1 = transpose(p.t1, u, n, dim)
	vek32.MatMul_Into(p.t2[:dim*hid], p.t1, gz, n)
	vek32.Add_Inplace(ga, p.t2[:dim*hid])
	// gu = gy + gz·Aᵀ
	p.t1 = transpose(p.t1, l.a(), dim, hid)
	vek32.MatMul_Into(g[:n*dim], gz, p.t1, hid)
	vek32.Add_Inplace(g[:n*dim], p.gy)
}

// transpose writes the rows × cols matrix x transposed into dst.
func transpose(dst, x []float32, rows, cols int) []float32 {
	dst = grow(dst, rows*cols)
	for i := range rows {
		for j := range cols {
			dst[j*rows+i] = x[i*cols+j]
		}
	}
	return dst
}

// marshal is the layer's section of a model file: hidden (0 for the tanh
// form), then the float32 weights, little-endian.
func (l *layer) marshal() []byte {
	h := l.hidden
	if l.tanh {
		h = 0
	}
	out := binary.AppendUvarint(nil, uint64(h))
	for _, x := range l.w {
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(x))
	}
	return out
}

// maxLayerHidden bounds a file's hidden size before anything is allocated.
const maxLayerHidden = 1 << 12

// parseLayer reads a section written by marshal for vectors of dim.
func parseLayer(data []byte, dim int) (*layer, error) {
	hid, n := binary.Uvarint(data)
	if n <= 0 || hid > maxLayerHidden {
		return nil, fmt.Errorf("%w: bad layer header", ErrCorrupt)
	}
	tanh := hid == 0
	if tanh {
		hid = uint64(dim)
	}
	data = data[n:]
	size := layerSize(dim, int(hid), tanh)
	if len(data) != 4*size {
		return nil, fmt.Errorf("%w: layer of %d bytes, want %d", ErrCorrupt, len(data), 4*size)
	}
	l := &layer{dim: dim, hidden: int(hid), tanh: tanh, w: make([]float32, size)}
	for i := range l.w {
		x := math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, fmt.Errorf("%w: layer weight not finite", ErrCorrupt)
		}
		l.w[i] = x
	}
	return l, nil
}

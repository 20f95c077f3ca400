package embed

import (
	"math"
	"unsafe"
)

// The inner loops of training and embedding (a row added into a vector, as
// float32 or as an int8 row of a compact table, and an Adagrad step), in
// plain Go and (kernels_amd64.s) with AVX2 and fused multiply-adds, eight
// lanes at a time and four for a row's last ones (300 = 37·8 + 4, so every
// component of a row rounds alike). The vector versions
// round differently (one rounding per multiply-add, float32 square roots), so
// a seed's model differs from the plain loops' in the last bits; training is
// still deterministic on one machine.

// axpy sets y += a*x.
func axpy(y, x []float32, a float32) {
	x = x[:len(y)]
	if n := len(y) &^ 3; useAVX2 && n > 0 {
		axpyAVX2(&y[0], &x[0], n, a)
		y, x = y[n:], x[n:]
	}
	for i := range y {
		y[i] += a * x[i]
	}
}

// axpyInt8 sets y += a*x for the row x an int8 row r decodes to (each
// component float32(r[i])*scale, rounded as Table.RowInto rounds it), so a
// compact table and its expanded form give the same sums bit for bit.
func axpyInt8(y []float32, r []byte, a, scale float32) {
	r = r[:len(y)]
	if n := len(y) &^ 3; useAVX2 && n > 0 {
		axpyInt8AVX2(&y[0], (*int8)(unsafe.Pointer(&r[0])), n, a, scale)
		y, r = y[n:], r[n:]
	}
	for i := range y {
		y[i] += a * (float32(int8(r[i])) * scale)
	}
}

// adagradEps keeps Adagrad's first steps finite.
const adagradEps = 1e-8

// adagrad applies one Adagrad step to a row: acc += g², v -= lr·g/√(acc+ε).
func adagrad(v, acc, g []float32, lr float32) {
	acc, g = acc[:len(v)], g[:len(v)]
	if n := len(v) &^ 3; useAVX2 && n > 0 {
		adagradAVX2(&v[0], &acc[0], &g[0], n, lr, adagradEps)
		v, acc, g = v[n:], acc[n:], g[n:]
	}
	for k, x := range g {
		acc[k] += x * x
		v[k] -= lr * x / float32(math.Sqrt(float64(acc[k]+adagradEps)))
	}
}

// expInPlace sets x[i] = exp(x[i]) for arguments in [-700, 700]: a training
// step takes the exponential of every query-document similarity (65,536 of
// them), which one at a time was a twentieth of training.
func expInPlace(x []float64) {
	if n := len(x) &^ 3; useAVX2 && n > 0 {
		expAVX2(&x[0], n)
		x = x[n:]
	}
	for i, v := range x {
		x[i] = math.Exp(v)
	}
}

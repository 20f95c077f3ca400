package embed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// layerLoss is Σ w·out over the rows, the loss whose gradient backward
// computes when given w as the outputs' gradient.
func layerLoss(l *layer, u, in, w []float32, n int) float64 {
	var p layerPass
	l.forward(&p, u, in, n)
	var s float64
	for i, x := range p.out {
		s += float64(x) * float64(w[i])
	}
	return s
}

// TestLayerGradient checks backward against finite differences, for the
// inputs and for every kind of weight (A, c, B).
func TestLayerGradient(t *testing.T) {
	t.Run("relu", func(t *testing.T) { testLayerGradient(t, false) })
	t.Run("tanh", func(t *testing.T) { testLayerGradient(t, true) })
}

func testLayerGradient(t *testing.T, tanh bool) {
	const dim, hid, n = 8, 5, 3
	rng := rand.New(rand.NewPCG(1, 2))
	l := newLayer(dim, hid, rng)
	if tanh {
		l = newTanhLayer(dim)
	}
	for i := range l.w {
		l.w[i] = float32(rng.NormFloat64()) * 0.5 // B non-zero, so every gradient flows
	}
	u := make([]float32, n*dim)
	in := make([]float32, n)
	for i := range n {
		row := u[i*dim : (i+1)*dim]
		for k := range row {
			row[k] = float32(rng.NormFloat64())
		}
		normalize(row)
		in[i] = 1
	}
	w := make([]float32, n*dim)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	var p layerPass
	l.forward(&p, u, in, n)
	g := append([]float32(nil), w...)
	gw := make([]float32, len(l.w))
	uc := append([]float32(nil), u...)
	l.backward(&p, uc, g, gw, n)

	const h = 1e-2
	check := func(name string, x []float32, i int, got float32) {
		t.Helper()
		old := x[i]
		x[i] = old + h
		up := layerLoss(l, u, in, w, n)
		x[i] = old - h
		down := layerLoss(l, u, in, w, n)
		x[i] = old
		want := (up - down) / (2 * h)
		if math.Abs(want-float64(got)) > 2e-2*max(1, math.Abs(want)) {
			t.Errorf("%s[%d]: gradient %.5f, finite difference %.5f", name, i, got, want)
		}
	}
	for i := range u {
		check("u", u, i, g[i])
	}
	for i := range l.w {
		check("w", l.w, i, gw[i])
	}
}

// TestLayerApplyMatchesForward: the one-text path of Embed and the batch
// path of training give the same vector, and a zero vector stays zero.
func TestLayerApplyMatchesForward(t *testing.T) {
	for _, tanh := range []bool{false, true} {
		testLayerApply(t, tanh)
	}
}

func testLayerApply(t *testing.T, tanh bool) {
	const dim = 16
	hid := 8
	rng := rand.New(rand.NewPCG(3, 4))
	l := newLayer(dim, hid, rng)
	if tanh {
		l, hid = newTanhLayer(dim), dim
	}
	for i := range l.w {
		l.w[i] = float32(rng.NormFloat64()) * 0.3
	}
	u := make([]float32, 2*dim)
	for k := range dim {
		u[k] = float32(rng.NormFloat64())
	}
	normalize(u[:dim])
	var p layerPass
	l.forward(&p, u, []float32{1, 0}, 2)
	v := append([]float32(nil), u[:dim]...)
	l.apply(v, make([]float32, hid))
	for k := range dim {
		if math.Abs(float64(v[k]-p.out[k])) > 1e-5 {
			t.Fatalf("component %d: apply %v, forward %v", k, v[k], p.out[k])
		}
	}
	zero := make([]float32, dim)
	l.apply(zero, make([]float32, hid))
	for k := range dim {
		if zero[k] != 0 || p.out[dim+k] != 0 {
			t.Fatalf("a zero input gave a non-zero output: %v / %v", zero, p.out[dim:])
		}
	}
}

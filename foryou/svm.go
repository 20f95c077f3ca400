package foryou

import (
	"math"
	"math/rand/v2"
)

// svm trains a linear SVM separating the liked papers (+1) from the other
// candidates (−1) with Pegasos: stochastic sub-gradient steps on the
// regularised hinge loss, λ/2·‖w‖² + mean(max(0, 1 − y·(w·x + b))).
//
// Likes are few and candidates many, so each step draws a like or a
// candidate with equal odds (class-balanced, like arxiv-sanity-lite's
// LinearSVC with class_weight="balanced"). The weights are kept as
// scale·v, so the shrink every step costs O(1) and an update touches only
// the paper's non-zero features. The bias is not regularised.
func svm(f *features, likes, others []int, lambda float64, epochs int, seed uint64) *linear {
	v := newLinear(f)
	if len(likes) == 0 || len(others) == 0 {
		return v
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	// A small set still gets enough steps for the shrinking step size to settle.
	steps := max(epochs*(len(likes)+len(others)), minSteps)
	scale := 1.0
	for t := 1; t <= steps; t++ {
		eta := 1 / (lambda * float64(t+1)) // t+1: the first step must not zero the weights
		var i int
		y := 1.0
		if r.IntN(2) == 0 {
			i = likes[r.IntN(len(likes))]
		} else {
			i, y = others[r.IntN(len(others))], -1
		}
		margin := y * (scale*(v.score(f, i)-v.bias) + v.bias)
		scale *= 1 - eta*lambda
		if margin < 1 {
			v.add(f, i, eta*y/scale)
			// The bias takes its own, λ-free step: eta is huge on the first
			// steps, and an unregularised bias would swing with it.
			v.bias += y / math.Sqrt(float64(t+1))
		}
		if scale < 1e-9 {
			v.rescale(scale)
			scale = 1
		}
	}
	v.rescale(scale)
	return v
}

// minSteps is the fewest steps a training makes.
const minSteps = 5000

// rescale multiplies the (non-bias) weights by s.
func (w *linear) rescale(s float64) {
	for k := range w.dense {
		w.dense[k] *= s
	}
	for k := range w.sparse {
		w.sparse[k] *= s
	}
}

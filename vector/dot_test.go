package vector

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotInt8Paths checks the SIMD dot product against the Go loop (and a
// float64 reference) for every length up to 80 and at the model's 300, with
// extreme components, so a wrong offset or a lost tail would show.
func TestDotInt8Paths(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 and FMA here: dotInt8 is dotInt8Go")
	}
	r := rand.New(rand.NewPCG(3, 4))
	lengths := []int{300, 301, 1024}
	for n := 1; n <= 80; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		for round := range 20 {
			q, row := make([]float32, n), make([]int8, n)
			for j := range q {
				q[j] = float32(r.NormFloat64())
				row[j] = int8(r.IntN(255) - 127)
				if round == 0 {
					row[j] = int8(-127 + 254*(j%2))
				}
			}
			var ref, mag float64
			for j := range q {
				ref += float64(q[j]) * float64(row[j])
				mag += math.Abs(float64(q[j]) * float64(row[j]))
			}
			simd, plain := dotInt8AVX2(&q[0], &row[0], n), dotInt8Go(q, row)
			tol := 1e-5*mag + 1e-6
			if math.Abs(float64(simd)-ref) > tol || math.Abs(float64(plain)-ref) > tol {
				t.Fatalf("n=%d: simd %g, go %g, want %g ± %g", n, simd, plain, ref, tol)
			}
		}
	}
}

// BenchmarkDotInt8 is one 300-dimension row, the model's size.
func BenchmarkDotInt8(b *testing.B) {
	q, row := make([]float32, 300), make([]int8, 300)
	for j := range q {
		q[j], row[j] = float32(j%7)-3, int8(j%13-6)
	}
	b.Run("simd", func(b *testing.B) {
		if !useAVX2 {
			b.Skip("no AVX2")
		}
		for b.Loop() {
			dotInt8AVX2(&q[0], &row[0], len(q))
		}
	})
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			dotInt8Go(q, row)
		}
	})
}

package vector

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func benchIndex(b *testing.B, n, dim int) *Exact {
	b.Helper()
	rng := rand.New(rand.NewPCG(7, 8))
	x := NewExact(dim, "bench")
	x.vecs = make([]float32, 0, n*dim)
	for i := range n {
		x.Add(strconv.Itoa(i), randomUnit(rng, dim))
	}
	return x
}

func benchSearch(b *testing.B, n, dim, workers int) {
	x := benchIndex(b, n, dim)
	x.SetWorkers(workers)
	q := randomUnit(rand.New(rand.NewPCG(9, 9)), dim)
	b.ResetTimer()
	for b.Loop() {
		if _, err := x.Search(q, 100, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch100kx100(b *testing.B)   { benchSearch(b, 100_000, 100, 1) }
func BenchmarkSearch100kx100x2(b *testing.B) { benchSearch(b, 100_000, 100, 2) }
func BenchmarkSearch1Mx100(b *testing.B)     { benchSearch(b, 1_000_000, 100, 1) }
func BenchmarkSearch1Mx100x2(b *testing.B)   { benchSearch(b, 1_000_000, 100, 2) }
func BenchmarkSearch100kx384x2(b *testing.B) { benchSearch(b, 100_000, 384, 2) }

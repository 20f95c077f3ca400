package vector

import (
	"math/rand/v2"
	"path/filepath"
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
func BenchmarkSearch100kx300x2(b *testing.B) { benchSearch(b, 100_000, 300, 2) }
func BenchmarkSearch1Mx100x2(b *testing.B)   { benchSearch(b, 1_000_000, 100, 2) }
func BenchmarkSearch1Mx300x2(b *testing.B)   { benchSearch(b, 1_000_000, 300, 2) }

// BenchmarkScore1000of1Mx300 is the vector side of a hybrid query at a
// million papers: scoring BM25's top 1,000 candidates.
func BenchmarkScore1000of1Mx300(b *testing.B) {
	x := benchIndex(b, 1_000_000, 300)
	rng := rand.New(rand.NewPCG(10, 10))
	q := randomUnit(rng, 300)
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = strconv.Itoa(rng.IntN(1_000_000))
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := x.Score(q, ids); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSaveLoad100kx300(b *testing.B) {
	x := benchIndex(b, 100_000, 300)
	path := filepath.Join(b.TempDir(), "v.pwvi")
	b.ResetTimer()
	for b.Loop() {
		if err := x.Save(path); err != nil {
			b.Fatal(err)
		}
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad100kx300(b *testing.B) {
	x := benchIndex(b, 100_000, 300)
	path := filepath.Join(b.TempDir(), "v.pwvi")
	if err := x.Save(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

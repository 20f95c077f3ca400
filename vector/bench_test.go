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
	x.q = make([]int8, 0, n*dim)
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

// BenchmarkSaveLoad100kx300 times writing and reading an index file; save
// is the in-memory peer of BenchmarkBuilderFinish100kx300.
func BenchmarkSaveLoad100kx300(b *testing.B) {
	x := benchIndex(b, 100_000, 300)
	path := filepath.Join(b.TempDir(), "v.pwvi")
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if err := x.Save(path); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(path); err != nil {
				b.Fatal(err)
			}
		}
	})
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

// benchAdds returns b.N distinct ids and a small pool of dim-300 vectors, so
// the timed loop measures Add alone. Run with a fixed count (e.g.
// -benchtime=200000x): every op adds 1,200 bytes, to memory for Exact and to
// a temporary file for Builder.
func benchAdds(b *testing.B) ([]string, [][]float32) {
	b.Helper()
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	vecs := make([][]float32, 64)
	for i := range vecs {
		vecs[i] = randomUnit(rng, 300)
	}
	return ids, vecs
}

// benchAdd times add over b.N distinct ids of 300-dimensional vectors.
func benchAdd(b *testing.B, add func(id string, vec []float32) error) {
	ids, vecs := benchAdds(b)
	b.ReportAllocs()
	b.SetBytes(300 * 4)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := add(ids[i], vecs[i%len(vecs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactAdd is the in-memory peer of BenchmarkBuilderAdd.
func BenchmarkExactAdd(b *testing.B) { benchAdd(b, NewExact(300, "bench").Add) }

func BenchmarkBuilderAdd(b *testing.B) {
	bu, err := NewBuilder(filepath.Join(b.TempDir(), "v.pwvi"), 300, "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer bu.Abort()
	benchAdd(b, bu.Add)
}

// BenchmarkBuilderFinish100kx300 is the copy into the final file, the
// streaming counterpart of BenchmarkSaveLoad100kx300/save.
func BenchmarkBuilderFinish100kx300(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	vecs := make([][]float32, 64)
	for i := range vecs {
		vecs[i] = randomUnit(rng, 300)
	}
	dir := b.TempDir()
	for b.Loop() {
		b.StopTimer()
		bu, err := NewBuilder(filepath.Join(dir, "v.pwvi"), 300, "bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range 100_000 {
			bu.Add(strconv.Itoa(i), vecs[i%len(vecs)])
		}
		b.StartTimer()
		if err := bu.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScoreKeyed1000of100kx300 is BenchmarkScore's work at the crawl's
// size with and without the rows remembered by document number (keyed: the
// same 1,000 candidates again, as popular queries repeat them).
func BenchmarkScoreKeyed1000of100kx300(b *testing.B) {
	x := benchIndex(b, 100_000, 300)
	rng := rand.New(rand.NewPCG(10, 10))
	q := randomUnit(rng, 300)
	ids, keys := make([]string, 1000), make([]uint32, 1000)
	for i := range ids {
		k := rng.IntN(100_000)
		ids[i], keys[i] = strconv.Itoa(k), uint32(k)
	}
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := x.Score(q, ids); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keyed", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := x.ScoreKeyed(q, ids, keys, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Other candidates each time, as queries differ: rows come from memory,
	// not the caches.
	sets := make([][]string, 256)
	setKeys := make([][]uint32, len(sets))
	for s := range sets {
		sets[s], setKeys[s] = make([]string, 1000), make([]uint32, 1000)
		for i := range sets[s] {
			k := rng.IntN(100_000)
			sets[s][i], setKeys[s][i] = strconv.Itoa(k), uint32(k)
		}
	}
	b.Run("keyed-varied", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, _, err := x.ScoreKeyed(q, sets[i%len(sets)], setKeys[i%len(sets)], 1); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

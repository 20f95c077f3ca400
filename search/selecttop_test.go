package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectTopMatchesHeap checks the two-pass selection against the heap
// on made-up scores over the demo index (which holds dead documents): many
// ties, a few negative scores, scores a bucket apart, for k below, at and
// above the number of matches.
func TestSelectTopMatchesHeap(t *testing.T) {
	ix, _ := demoIndex()
	nd := ix.NumDocs()
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 40 {
		acc := &accumulator{scores: make([]float32, nd)}
		matches := 1 + r.IntN(nd)
		if round%5 == 0 {
			matches = 1 + r.IntN(50)
		}
		for _, n := range r.Perm(nd)[:matches] {
			var s float32
			switch round % 4 {
			case 0: // integers: ties everywhere
				s = float32(1 + r.IntN(20))
			case 1: // a narrow band: one bucket holds most
				s = 5 + r.Float32()*0.01
			case 2: // some negative
				s = r.Float32()*10 - 1
			default:
				s = r.Float32() * 30
			}
			if s == 0 {
				s = 1
			}
			acc.scores[n] = s
			acc.touched = append(acc.touched, uint32(n))
		}
		for _, k := range []int{1, 10, 1000, matches, matches + 5} {
			want := newScoreTopK(k)
			live := 0
			for _, n := range acc.touched {
				if !ix.Dead(n) {
					want.push(n, acc.scores[n])
					live++
				}
			}
			got, total := selectTop(acc, ix, k)
			if total != live {
				t.Fatalf("round %d k=%d: total %d, want %d", round, k, total, live)
			}
			if w := want.sorted(); !slices.Equal(got, w) {
				t.Fatalf("round %d k=%d: %d docs %v…, want %d %v…", round, k,
					len(got), got[:min(5, len(got))], len(w), w[:min(5, len(w))])
			}
		}
	}
}

// TestScoreKeyOrders checks that a higher score never gets a lower bucket,
// and always a higher rank key, whatever the documents.
func TestScoreKeyOrders(t *testing.T) {
	bucket := func(s float32) uint64 { return bucketOf(rankKey(s, 3)) }
	xs := []float32{-1e30, -3, -1, -1e-30, 0, 1e-30, 1e-3, 0.5, 1, 1.03, 2, 1e6, 3e38}
	for i := 1; i < len(xs); i++ {
		if bucket(xs[i]) < bucket(xs[i-1]) || rankKey(xs[i], 0) <= rankKey(xs[i-1], 7) {
			t.Errorf("bucket(%g)=%d < bucket(%g)=%d, or rank keys out of order", xs[i], bucket(xs[i]), xs[i-1], bucket(xs[i-1]))
		}
	}
	if bucket(1) == bucket(1.1) {
		t.Errorf("1 and 1.1 share a bucket: buckets too coarse")
	}
}

// TestSortKeys checks the byte-wise sort against slices.Sort on keys shaped
// like rank keys (a narrow band of scores above document numbers) and on
// arbitrary ones, with repeats, at lengths either side of its cut-over.
func TestSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var buf []uint64
	for _, n := range []int{0, 1, 255, 256, 257, 1000, 5000} {
		for shape := range 3 {
			keys := make([]uint64, n)
			for i := range keys {
				switch shape {
				case 0:
					keys[i] = rankKey(3+r.Float32()*6, uint32(r.IntN(75000)))
				case 1:
					keys[i] = r.Uint64()
				case 2:
					keys[i] = uint64(r.IntN(4)) << 40 // many repeats, most bytes shared
				}
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			var got []uint64
			got, buf = sortKeys(keys, buf)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d shape %d: not sorted", n, shape)
			}
		}
	}
}

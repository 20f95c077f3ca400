package vector

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
)

// sameScores fails unless ScoreKeyed gives exactly Score's answer.
func sameScores(t *testing.T, x *Exact, q []float32, ids []string, keys []uint32, numbering uint64) {
	t.Helper()
	want, wantFound, err := x.Score(q, ids)
	if err != nil {
		t.Fatal(err)
	}
	got, gotFound, err := x.ScoreKeyed(q, ids, keys, numbering)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		if got[i] != want[i] || gotFound[i] != wantFound[i] {
			t.Fatalf("%s (key %d): %v %v, want %v %v", ids[i], keys[i], got[i], gotFound[i], want[i], wantFound[i])
		}
	}
}

// TestScoreKeyedMatchesScore checks the remembered rows against Score while
// deletes move rows, ids come back under other keys and keys get other ids.
func TestScoreKeyedMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const dim = 16
	x := NewExact(dim, "m")
	for i := range 3000 {
		x.Add("p"+strconv.Itoa(i), randomUnit(rng, dim))
	}
	q := randomUnit(rng, dim)
	pick := func(n int, keyOf func(i int) uint32) ([]string, []uint32) {
		ids, keys := make([]string, n), make([]uint32, n)
		for j := range ids {
			i := rng.IntN(3500) // some ids were never added
			ids[j], keys[j] = "p"+strconv.Itoa(i), keyOf(i)
		}
		return ids, keys
	}
	same := func(i int) uint32 { return uint32(i) }
	for range 3 {
		ids, keys := pick(500, same)
		sameScores(t, x, q, ids, keys, 1) // learns, then uses, the rows
	}
	ids, keys := pick(500, same)
	sameScores(t, x, q, ids, keys, 0) // no numbering: nothing remembered
	for i := 0; i < 3000; i += 7 {
		x.Delete("p" + strconv.Itoa(i)) // moves the last rows into the holes
	}
	for i := 0; i < 3000; i += 14 {
		x.Add("p"+strconv.Itoa(i), randomUnit(rng, dim)) // back, in another row
	}
	ids, keys = pick(2000, same)
	sameScores(t, x, q, ids, keys, 1)                             // the same numbering: keys still name the same ids
	shifted := func(i int) uint32 { return uint32(i*3+1) % 5000 } // keys renumbered (a rebuilt index)
	for range 2 {
		ids, keys = pick(2000, shifted)
		sameScores(t, x, q, ids, keys, 2)
	}
	if _, _, err := x.ScoreKeyed(q, ids, keys[:1], 2); err == nil {
		t.Error("ScoreKeyed accepted fewer keys than ids")
	}
	if _, _, err := x.ScoreKeyed(q[:3], ids, keys, 2); !errors.Is(err, ErrDim) {
		t.Errorf("short query: err = %v, want ErrDim", err)
	}
}

// TestScoreKeyedConcurrent scores from several goroutines, each numbering
// the ids its own way, while another deletes and adds (run with -race).
func TestScoreKeyedConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const dim = 8
	x := NewExact(dim, "m")
	vecs := make([][]float32, 2000)
	for i := range vecs {
		vecs[i] = randomUnit(rng, dim)
		x.Add("p"+strconv.Itoa(i), vecs[i])
	}
	q := randomUnit(rng, dim)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(g), 9))
			for range 200 {
				ids, keys := make([]string, 50), make([]uint32, 50)
				for j := range ids {
					i := r.IntN(2000)
					ids[j], keys[j] = "p"+strconv.Itoa(i), uint32(i)*uint32(g+1)
				}
				scores, found, err := x.ScoreKeyed(q, ids, keys, uint64(g+1))
				if err != nil {
					t.Error(err)
					return
				}
				for j, id := range ids {
					i, _ := strconv.Atoi(id[1:])
					if found[j] && scores[j] != dotInt8(q, quantized(vecs[i]))*scaleOf(vecs[i]) {
						t.Errorf("%s scored %v", id, scores[j])
						return
					}
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 2000 {
			id := "p" + strconv.Itoa(i)
			x.Delete(id)
			x.Add(id, vecs[i])
		}
	})
	wg.Wait()
}

func quantized(v []float32) []int8 { q := make([]int8, len(v)); quantize(v, q); return q }
func scaleOf(v []float32) float32  { q := make([]int8, len(v)); return quantize(v, q) }

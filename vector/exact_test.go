package vector

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

func randomUnit(rng *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	var ss float64
	for i := range v {
		v[i] = float32(rng.NormFloat64())
		ss += float64(v[i]) * float64(v[i])
	}
	for i := range v {
		v[i] /= float32(math.Sqrt(ss))
	}
	return v
}

// bruteForce ranks all vectors by a plain float64 dot product.
func bruteForce(vecs map[string][]float32, order []string, q []float32, k int, keep func(string) bool) []Hit {
	var hits []Hit
	for _, id := range order {
		v, ok := vecs[id]
		if !ok || (keep != nil && !keep(id)) {
			continue
		}
		var s float64
		for i := range q {
			s += float64(q[i]) * float64(v[i])
		}
		hits = append(hits, Hit{id, float32(s)})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return hits[:min(k, len(hits))]
}

func sameIDs(t *testing.T, got, want []Hit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d hits, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID && math.Abs(float64(got[i].Score-want[i].Score)) > 1e-5 {
			t.Fatalf("hit %d: got %s (%.6f), want %s (%.6f)", i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
		}
		if math.Abs(float64(got[i].Score-want[i].Score)) > 1e-5 {
			t.Fatalf("hit %d score %.6f, want %.6f", i, got[i].Score, want[i].Score)
		}
	}
}

func TestExactMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const dim, n = 48, 40000 // above minRowsPerWorker: exercises the parallel merge
	x := NewExact(dim, "test-model")
	x.SetWorkers(3)
	vecs := map[string][]float32{}
	var order []string
	for i := range n {
		id := "p" + strconv.Itoa(i)
		v := randomUnit(rng, dim)
		vecs[id] = v
		order = append(order, id)
		if err := x.Add(id, v); err != nil {
			t.Fatal(err)
		}
	}
	// Update some, delete some: brute force sees the same final state.
	for i := 0; i < n; i += 7 {
		id := "p" + strconv.Itoa(i)
		vecs[id] = randomUnit(rng, dim)
		x.Add(id, vecs[id])
	}
	for i := 3; i < n; i += 11 {
		id := "p" + strconv.Itoa(i)
		delete(vecs, id)
		if !x.Delete(id) {
			t.Fatalf("delete %s: not found", id)
		}
	}
	if x.Delete("p3") {
		t.Fatal("second delete reported present")
	}
	for id, v := range vecs {
		vecs[id] = Stored(v) // what the index compares with
	}
	if x.Len() != len(vecs) {
		t.Fatalf("Len %d, want %d", x.Len(), len(vecs))
	}
	even := func(id string) bool { n, _ := strconv.Atoi(id[1:]); return n%2 == 0 }
	for qi := range 8 {
		q := randomUnit(rng, dim)
		all := bruteForce(vecs, order, q, 100, nil)
		for _, k := range []int{1, 10, 100} {
			got, err := x.Search(q, k, nil)
			if err != nil {
				t.Fatal(err)
			}
			sameIDs(t, got, all[:k])
		}
		if qi%4 == 0 {
			got, _ := x.Search(q, 50, even)
			sameIDs(t, got, bruteForce(vecs, order, q, 50, even))
		}
	}
}

func TestExactEdgeCases(t *testing.T) {
	x := NewExact(3, "m")
	if hits, err := x.Search([]float32{1, 0, 0}, 5, nil); err != nil || len(hits) != 0 {
		t.Fatalf("empty index: %v, %v", hits, err)
	}
	if err := x.Add("a", []float32{1, 0}); !errors.Is(err, ErrDim) {
		t.Fatalf("short vector: got %v, want ErrDim", err)
	}
	if _, err := x.Search([]float32{1}, 5, nil); !errors.Is(err, ErrDim) {
		t.Fatalf("short query: got %v, want ErrDim", err)
	}
	x.Add("a", []float32{1, 0, 0})
	x.Add("b", []float32{0, 1, 0})
	hits, _ := x.Search([]float32{0.6, 0.8, 0}, 10, nil)
	if len(hits) != 2 || hits[0].ID != "b" || hits[1].ID != "a" {
		t.Fatalf("hits = %v, want b then a", hits)
	}
	if hits, _ := x.Search([]float32{1, 0, 0}, 0, nil); hits != nil {
		t.Fatalf("k=0 returned %v", hits)
	}
	if v := x.Vector("a"); len(v) != 3 || v[0] != 1 {
		t.Fatalf("Vector(a) = %v", v)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := NewExact(16, "paperwire-bow/abc")
	for i := range 500 {
		x.Add("2401."+strconv.Itoa(10000+i), randomUnit(rng, 16))
	}
	x.Delete("2401.10007")
	x.SetSeq(4242)
	path := filepath.Join(t.TempDir(), "vectors.pwvi")
	if err := x.Save(path); err != nil {
		t.Fatal(err)
	}
	y, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if y.Len() != x.Len() || y.Seq() != 4242 || y.Model() != "paperwire-bow/abc" || y.Dim() != 16 {
		t.Fatalf("loaded len=%d seq=%d model=%q dim=%d", y.Len(), y.Seq(), y.Model(), y.Dim())
	}
	q := randomUnit(rng, 16)
	a, _ := x.Search(q, 20, nil)
	b, _ := y.Search(q, 20, nil)
	sameIDs(t, b, a)
	if y.Has("2401.10007") || !y.Has("2401.10008") {
		t.Fatal("deleted id came back or kept id vanished")
	}
	// The loaded index stays writable.
	if err := y.Add("new", randomUnit(rng, 16)); err != nil || y.Len() != x.Len()+1 {
		t.Fatalf("add after load: %v, len %d", err, y.Len())
	}
}

func TestLoadDetectsTornFile(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := NewExact(8, "m")
	for i := range 100 {
		x.Add(strconv.Itoa(i), randomUnit(rng, 8))
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "v.pwvi")
	if err := x.Save(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	cases := map[string][]byte{
		"truncated":   data[:len(data)/2],
		"empty":       {},
		"flipped bit": append(append([]byte(nil), data[:100]...), append([]byte{data[100] ^ 1}, data[101:]...)...),
		"other file":  []byte("PK\x03\x04 not an index at all"),
	}
	for name, b := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		if _, err := Load(p); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: got %v, want ErrCorrupt", name, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v, want ErrNotExist", err)
	}
	// No temporary files are left beside the index.
	if m, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(m) != 0 {
		t.Errorf("leftover temp files: %v", m)
	}
}

func FuzzParse(f *testing.F) {
	x := NewExact(4, "m")
	x.Add("a", []float32{1, 0, 0, 0})
	x.Add("b", []float32{0, 1, 0, 0})
	path := filepath.Join(f.TempDir(), "seed")
	x.Save(path)
	seed, _ := os.ReadFile(path)
	f.Add(seed)
	f.Add(floatFile(x))
	f.Add([]byte("PWVI"))
	f.Fuzz(func(t *testing.T, data []byte) {
		y, err := Parse(data)
		if err != nil {
			return
		}
		q := make([]float32, y.Dim())
		if _, err := y.Search(q, 3, nil); err != nil {
			t.Fatal(err)
		}
	})
}

func TestScoreCandidates(t *testing.T) {
	x := NewExact(2, "m")
	x.Add("a", []float32{1, 0})
	x.Add("b", []float32{0.6, 0.8})
	scores, found, err := x.Score([]float32{0, 1}, []string{"b", "zz", "a"})
	if err != nil {
		t.Fatal(err)
	}
	if !found[0] || found[1] || !found[2] || math.Abs(float64(scores[0]-0.8)) > 1e-6 || scores[2] != 0 {
		t.Fatalf("scores %v found %v", scores, found)
	}
	if _, _, err := x.Score([]float32{1}, nil); !errors.Is(err, ErrDim) {
		t.Fatalf("short query: %v", err)
	}
}

// TestExactBytesPerVector pins the in-memory representation: one byte per
// component and a four-byte scale per vector.
func TestExactBytesPerVector(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := NewExact(300, "m")
	for i := range 1000 {
		x.Add(strconv.Itoa(i), randomUnit(rng, 300))
	}
	if got := float64(x.VectorBytes()) / float64(x.Len()); got != 304 {
		t.Errorf("%.1f bytes per 300-d vector, want 304", got)
	}
}

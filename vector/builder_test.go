package vector

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// buildBoth feeds the same calls to a Builder writing builtPath and to an
// Exact saved at savedPath.
func buildBoth(t *testing.T, builtPath, savedPath string, dim int, model string, seq int64, ids []string, vecs [][]float32) *Exact {
	t.Helper()
	b, err := NewBuilder(builtPath, dim, model)
	if err != nil {
		t.Fatal(err)
	}
	x := NewExact(dim, model)
	for i, id := range ids {
		if err := b.Add(id, vecs[i]); err != nil {
			t.Fatal(err)
		}
		if err := x.Add(id, vecs[i]); err != nil {
			t.Fatal(err)
		}
	}
	b.SetSeq(seq)
	x.SetSeq(seq)
	if b.Len() != len(ids) || b.Seq() != seq {
		t.Fatalf("builder len %d seq %d, want %d %d", b.Len(), b.Seq(), len(ids), seq)
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if b.Len() != x.Len() {
		t.Fatalf("builder has %d distinct ids, Exact %d", b.Len(), x.Len())
	}
	if err := x.Save(savedPath); err != nil {
		t.Fatal(err)
	}
	return x
}

func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	da, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(da, db) {
		t.Fatalf("%s (%d bytes) differs from %s (%d bytes)", a, len(da), b, len(db))
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestBuilderMatchesExactSave(t *testing.T) {
	const dim, n = 300, 4000 // 4.8 MB of rows: several flushes of the 1 MB buffer
	rng := rand.New(rand.NewPCG(11, 12))
	var ids []string
	var vecs [][]float32
	for i := range n {
		id := "2403." + strconv.Itoa(10000+i)
		// About one add in eight repeats an earlier id, recent or far back.
		if i > 0 && rng.IntN(8) == 0 {
			if rng.IntN(2) == 0 {
				id = ids[len(ids)-1-rng.IntN(min(len(ids), 5))]
			} else {
				id = ids[rng.IntN(len(ids))]
			}
		}
		ids = append(ids, id)
		vecs = append(vecs, randomUnit(rng, dim))
	}
	dir := t.TempDir()
	built, saved := filepath.Join(dir, "built.pwvi"), filepath.Join(dir, "saved.pwvi")
	x := buildBoth(t, built, saved, dim, "paperwire-bow/abc", -77, ids, vecs)
	if x.Len() == n || x.Len() < n/2 {
		t.Fatalf("test data has %d distinct ids of %d adds; want some repeats", x.Len(), n)
	}
	sameFiles(t, built, saved)
	if names := dirNames(t, dir); !slices.Equal(names, []string{"built.pwvi", "saved.pwvi"}) {
		t.Fatalf("directory holds %v, want only the two index files", names)
	}

	y, err := Load(built)
	if err != nil {
		t.Fatal(err)
	}
	if y.Len() != x.Len() || y.Seq() != -77 || y.Model() != "paperwire-bow/abc" || y.Dim() != dim {
		t.Fatalf("loaded len=%d seq=%d model=%q dim=%d", y.Len(), y.Seq(), y.Model(), y.Dim())
	}
	if !slices.Equal(y.ids, x.ids) {
		t.Fatal("row order differs from Exact's first-add order")
	}
	last := map[string][]float32{}
	for i, id := range ids {
		last[id] = vecs[i]
	}
	for id, v := range last {
		if !slices.Equal(y.Vector(id), Stored(v)) {
			t.Fatalf("vector of %s is not its last added vector", id)
		}
	}
}

func TestBuilderRepeatedIDOverwrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.pwvi")
	b, err := NewBuilder(path, 3, "m")
	if err != nil {
		t.Fatal(err)
	}
	adds := []struct {
		id  string
		vec []float32
	}{
		{"a", []float32{1, 2, 3}},
		{"b", []float32{4, 5, 6}},
		{"a", []float32{7, 8, 9}},
		{"c", []float32{10, 11, 12}},
		{"b", []float32{-1, -2, -3}},
		{"a", []float32{0.5, 0, -0.5}},
	}
	for _, a := range adds {
		if err := b.Add(a.id, a.vec); err != nil {
			t.Fatal(err)
		}
	}
	if b.Len() != 6 {
		t.Fatalf("Len before Finish = %d, want 6 (every Add)", b.Len())
	}
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	if b.Len() != 3 {
		t.Fatalf("Len after Finish = %d, want 3 (distinct ids)", b.Len())
	}
	x, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x.ids, []string{"a", "b", "c"}) {
		t.Fatalf("ids %v, want [a b c]", x.ids)
	}
	want := map[string][]float32{"a": {0.5, 0, -0.5}, "b": {-1, -2, -3}, "c": {10, 11, 12}}
	for id, v := range want {
		if got := x.Vector(id); !slices.Equal(got, Stored(v)) {
			t.Fatalf("%s = %v, want %v", id, got, v)
		}
	}
}

func TestBuilderWrongDim(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.pwvi")
	b, err := NewBuilder(path, 4, "m")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Abort()
	for _, v := range [][]float32{nil, {1, 2, 3}, {1, 2, 3, 4, 5}} {
		if err := b.Add("x", v); !errors.Is(err, ErrDim) {
			t.Fatalf("Add of %d floats: %v, want ErrDim", len(v), err)
		}
	}
	if b.Len() != 0 {
		t.Fatalf("Len = %d after rejected adds", b.Len())
	}
	// A rejected vector does not spoil the builder.
	if err := b.Add("x", []float32{1, 2, 3, 4}); err != nil || b.Len() != 1 {
		t.Fatalf("Add after ErrDim: %v, len %d", err, b.Len())
	}
	if _, err := NewBuilder(path, 0, "m"); !errors.Is(err, ErrDim) {
		t.Fatalf("NewBuilder with dim 0: %v, want ErrDim", err)
	}
}

func TestBuilderAbortLeavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "index") // created by NewBuilder
	path := filepath.Join(dir, "v.pwvi")
	b, err := NewBuilder(path, 8, "m")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 1000 {
		if err := b.Add(strconv.Itoa(i), randomUnit(rng, 8)); err != nil {
			t.Fatal(err)
		}
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("while building the directory holds %v, want one temporary file", names)
	}
	b.Abort()
	b.Abort()
	if names := dirNames(t, dir); len(names) != 0 {
		t.Fatalf("after Abort the directory holds %v", names)
	}
	if err := b.Add("late", randomUnit(rng, 8)); err == nil {
		t.Fatal("Add after Abort succeeded")
	}
	if err := b.Finish(); err == nil {
		t.Fatal("Finish after Abort succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("path after Abort: %v, want not exist", err)
	}
}

func TestBuilderEmpty(t *testing.T) {
	dir := t.TempDir()
	built, saved := filepath.Join(dir, "built.pwvi"), filepath.Join(dir, "saved.pwvi")
	buildBoth(t, built, saved, 300, "paperwire-bow/abc", 9, nil, nil)
	sameFiles(t, built, saved)
	x, err := Load(built)
	if err != nil {
		t.Fatal(err)
	}
	if x.Len() != 0 || x.Dim() != 300 || x.Seq() != 9 || x.Model() != "paperwire-bow/abc" {
		t.Fatalf("loaded len=%d dim=%d seq=%d model=%q", x.Len(), x.Dim(), x.Seq(), x.Model())
	}
}

func TestBuilderFinishReplacesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.pwvi")
	old := NewExact(2, "old")
	old.Add("stale", []float32{1, 0})
	old.SetSeq(1)
	if err := old.Save(path); err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(path, 2, "new")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add("fresh", []float32{0, 1}); err != nil {
		t.Fatal(err)
	}
	b.SetSeq(2)
	if err := b.Finish(); err != nil {
		t.Fatal(err)
	}
	b.Abort() // safe after Finish, and must not touch the finished file
	if err := b.Add("late", []float32{1, 1}); err == nil {
		t.Fatal("Add after Finish succeeded")
	}
	if err := b.Finish(); err == nil {
		t.Fatal("second Finish succeeded")
	}
	x, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if x.Model() != "new" || x.Seq() != 2 || !slices.Equal(x.ids, []string{"fresh"}) || !slices.Equal(x.Vector("fresh"), []float32{0, 1}) {
		t.Fatalf("loaded model=%q seq=%d ids=%v", x.Model(), x.Seq(), x.ids)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"v.pwvi"}) {
		t.Fatalf("directory holds %v, want only v.pwvi", names)
	}
}

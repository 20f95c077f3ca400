package search_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

func openStore(t *testing.T, dir string) *store.PaperStore {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return store.NewPaperStore(db)
}

func papers(from, n int, topic string) []*paperwire.Paper {
	var out []*paperwire.Paper
	for i := from; i < from+n; i++ {
		out = append(out, &paperwire.Paper{
			ID:         fmt.Sprintf("2501.%05d", i),
			Title:      fmt.Sprintf("Paper %d about %s", i, topic),
			Abstract:   fmt.Sprintf("We study %s in setting number %d.", topic, i),
			Authors:    []string{"Ada Lovelace"},
			Categories: []string{"cs.LG"},
			ListedOn:   time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
		})
	}
	return out
}

func total(t *testing.T, l *search.Lexical, q string) int {
	t.Helper()
	return len(l.Index().SearchText(q, 1000))
}

func TestLexicalSyncPersistAndRecover(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store := openStore(t, dir)
	if _, err := store.UpsertPapers(ctx, papers(0, 300, "graphs")); err != nil {
		t.Fatal(err)
	}
	l, err := search.OpenLexical(ctx, dir, store, search.Options{SaveEvery: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(t, l, "graphs"); got != 300 {
		t.Fatalf("after open: %d hits", got)
	}
	// A write batch, then Catchup.
	if _, err := store.UpsertPapers(ctx, papers(300, 50, "diffusion")); err != nil {
		t.Fatal(err)
	}
	if n, err := l.Catchup(ctx); err != nil || n != 50 {
		t.Fatalf("catchup = %d, %v", n, err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "index", search.SnapshotName)
	if _, err := os.Stat(snap); err != nil {
		t.Fatal(err)
	}

	// The store moves on while the index is closed: the snapshot is stale and catches up.
	edited := papers(0, 1, "")[0]
	edited.Title, edited.Abstract = "Penguins", "Penguins swim."
	if _, err := store.UpsertPapers(ctx, append(papers(350, 20, "diffusion"), edited)); err != nil {
		t.Fatal(err)
	}
	l2, err := search.OpenLexical(ctx, dir, store, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(t, l2, "diffusion"); got != 70 {
		t.Errorf("diffusion after reopen: %d, want 70", got)
	}
	if got := total(t, l2, "graphs"); got != 299 {
		t.Errorf("graphs after edit: %d, want 299", got)
	}
	if got := total(t, l2, "penguin"); got != 1 {
		t.Errorf("penguin: %d", got)
	}
	max, _ := store.MaxSeq(ctx)
	if l2.Index().Seq() != max {
		t.Errorf("seq %d, store %d", l2.Index().Seq(), max)
	}
	if err := l2.Save(); err != nil {
		t.Fatal(err)
	}

	// A torn or damaged snapshot is detected and rebuilt from the store.
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"torn":    data[:len(data)/2],
		"flipped": flip(data, len(data)/3),
		"empty":   {},
	} {
		if err := os.WriteFile(snap, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		l3, err := search.OpenLexical(ctx, dir, store, search.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := total(t, l3, "diffusion"); got != 70 {
			t.Errorf("%s: diffusion %d after rebuild", name, got)
		}
	}

	// Rebuild gives the same answers as incremental sync.
	n, err := l2.Rebuild(ctx)
	if err != nil || n != 370 {
		t.Fatalf("rebuild = %d, %v", n, err)
	}
	if got := total(t, l2, "graphs"); got != 299 {
		t.Errorf("graphs after rebuild: %d", got)
	}
}

func TestLexicalSnapshotAheadOfDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	store := openStore(t, dir)
	store.UpsertPapers(ctx, papers(0, 10, "graphs"))
	l, err := search.OpenLexical(ctx, dir, store, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	// A fresh database with the old snapshot: the index must not keep ghosts.
	os.Remove(filepath.Join(dir, "paperwire.db"))
	os.Remove(filepath.Join(dir, "paperwire.db-wal"))
	os.Remove(filepath.Join(dir, "paperwire.db-shm"))
	dir2 := t.TempDir()
	os.MkdirAll(filepath.Join(dir2, "index"), 0o755)
	data, _ := os.ReadFile(filepath.Join(dir, "index", search.SnapshotName))
	os.WriteFile(filepath.Join(dir2, "index", search.SnapshotName), data, 0o644)
	store2 := openStore(t, dir2)
	store2.UpsertPapers(ctx, papers(100, 3, "diffusion"))
	l2, err := search.OpenLexical(ctx, dir2, store2, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := total(t, l2, "graphs"); got != 0 {
		t.Errorf("ghost papers from another database: %d", got)
	}
	if got := total(t, l2, "diffusion"); got != 3 {
		t.Errorf("diffusion: %d", got)
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= 0x40
	return c
}

func TestSnapshotRoundTrip(t *testing.T) {
	ix := search.BuildIndex(search.DefaultParams(), []search.Document{
		{ID: "a", Title: "Graph neural networks", Abstract: "Message passing.", Authors: []string{"Ada"}, Categories: []string{"cs.LG"}, Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Upvotes: 3},
		{ID: "b", Title: "Diffusion", Abstract: "Score matching for graph generation.", Categories: []string{"cs.CV", "cs.LG"}, Withdrawn: true},
	})
	ix.Upsert(search.Document{ID: "a", Title: "Graph networks", Abstract: "Message passing on graphs."})
	path := filepath.Join(t.TempDir(), "x.bin")
	if err := ix.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := search.LoadFile(path, search.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"graph", "message passing", "diffusion", "ada"} {
		a, b := ix.SearchText(q, 10), back.SearchText(q, 10)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%q: %v vs loaded %v", q, a, b)
		}
	}
}

func FuzzReadIndex(f *testing.F) {
	ix := search.BuildIndex(search.DefaultParams(), []search.Document{
		{ID: "a", Title: "Graph neural networks", Abstract: "Message passing.", Categories: []string{"cs.LG"}},
	})
	path := filepath.Join(f.TempDir(), "x.bin")
	if err := ix.SaveFile(path); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	f.Add(data)
	f.Add([]byte("PWLEXv\x00\x02"))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Re-seal the body so the fuzzer reaches the decoder past the checksum.
		const magic = "PWLEXv\x00\x02"
		if len(b) >= len(magic)+4 && string(b[:len(magic)]) == magic {
			b = append([]byte(nil), b...)
			sum := crc32.Checksum(b[len(magic):len(b)-4], crc32.MakeTable(crc32.Castagnoli))
			binary.LittleEndian.PutUint32(b[len(b)-4:], sum)
		}
		ix, err := search.ReadIndex(b, search.DefaultParams())
		if err == nil {
			ix.SearchText("graph passing", 10)
		}
	})
}

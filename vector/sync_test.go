package vector_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/vector"
)

// wordVectors is a real embedder over a tiny word-vector file: two topics.
func wordVectors(t *testing.T, name string) *embed.WordVectors {
	t.Helper()
	wv, _, err := embed.ParseVec(strings.NewReader(`graph 1 0 0
network 0.9 0.1 0
protein 0 1 0
folding 0 0.9 0.1
galaxy 0 0 1
`), name)
	if err != nil {
		t.Fatal(err)
	}
	return wv
}

// countingEmbedder counts the texts it embeds, to prove vectors are not recomputed.
type countingEmbedder struct {
	*embed.WordVectors
	mu    sync.Mutex
	texts int
	calls int
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.mu.Lock()
	c.texts += len(texts)
	c.calls++
	c.mu.Unlock()
	return c.WordVectors.Embed(ctx, texts)
}

// TestCatchupEmbedsInParallelInOrder catches up more papers than one Embed
// call takes and checks every paper got its own text's vector.
func TestCatchupEmbedsInParallelInOrder(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	words := []string{"graph network", "protein folding", "galaxy"}
	var ps []*paperwire.Paper
	for i := range 1100 {
		w := words[i%3]
		ps = append(ps, &paperwire.Paper{ID: fmt.Sprintf("2607.%05d", i+1), Title: w, Abstract: w,
			ListedOn: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := st.UpsertPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	emb := &countingEmbedder{WordVectors: wordVectors(t, "a")}
	s, err := vector.OpenSynced(ctx, filepath.Join(t.TempDir(), "v.bin"), emb, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Index().Len() != 1100 || emb.texts != 1100 {
		t.Fatalf("%d vectors from %d texts", s.Index().Len(), emb.texts)
	}
	if runtime.GOMAXPROCS(0) > 1 && emb.calls < 4 {
		t.Errorf("%d Embed calls for 1,100 papers: not split", emb.calls)
	}
	for i, p := range ps {
		want, _ := emb.WordVectors.Embed(ctx, []string{vector.PaperText(p)})
		want[0] = vector.Stored(want[0])
		got := s.Index().Vector(p.ID)
		if len(got) != len(want[0]) {
			t.Fatalf("%s: no vector", p.ID)
		}
		for j := range got {
			if got[j] != want[0][j] {
				t.Fatalf("paper %d (%q) has another text's vector: %v, want %v", i, p.Title, got, want[0])
			}
		}
	}
}

func openStore(t *testing.T) *store.PaperStore {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return store.NewPaperStore(db)
}

func put(t *testing.T, s *store.PaperStore, id, title string) {
	t.Helper()
	p := &paperwire.Paper{ID: id, Title: title, Abstract: title, ListedOn: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := s.UpsertPapers(context.Background(), []*paperwire.Paper{p}); err != nil {
		t.Fatal(err)
	}
}

func TestSyncedCatchesUpSavesAndReloads(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	put(t, store, "2601.00001", "graph network")
	put(t, store, "2601.00002", "protein folding")
	path := filepath.Join(t.TempDir(), "index", "vectors.bin")

	emb := &countingEmbedder{WordVectors: wordVectors(t, "a")}
	s, err := vector.OpenSynced(ctx, path, emb, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Index().Len() != 2 || emb.texts != 2 {
		t.Fatalf("after open: %d vectors, %d texts embedded", s.Index().Len(), emb.texts)
	}
	q, _ := emb.Embed(ctx, []string{"protein"})
	hits, err := s.Index().Search(q[0], 1, nil)
	if err != nil || len(hits) != 1 || hits[0].ID != "2601.00002" {
		t.Fatalf("nearest to protein = %v, %v", hits, err)
	}

	// A write after opening reaches the index on catch-up; an update replaces the vector.
	put(t, store, "2601.00003", "galaxy")
	put(t, store, "2601.00001", "protein folding graph")
	if n, err := s.Catchup(ctx); err != nil || n != 2 || s.Index().Len() != 3 {
		t.Fatalf("catch-up applied %d (%v), index holds %d", n, err, s.Index().Len())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening with the same embedder loads the file: nothing is embedded again.
	emb2 := &countingEmbedder{WordVectors: wordVectors(t, "a")}
	s2, err := vector.OpenSynced(ctx, path, emb2, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s2.Index().Len() != 3 || emb2.texts != 0 {
		t.Fatalf("reload: %d vectors, %d texts re-embedded", s2.Index().Len(), emb2.texts)
	}

	// Another embedder (a retrained model) invalidates the stored vectors.
	emb3 := &countingEmbedder{WordVectors: wordVectors(t, "b")}
	wordsChanged := strings.NewReader("graph 1 0 0\nprotein 0 1 0\ngalaxy 0 0 1\nstar 0 0 1\n")
	emb3.WordVectors, _, _ = embed.ParseVec(wordsChanged, "b")
	s3, err := vector.OpenSynced(ctx, path, emb3, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s3.Index().Len() != 3 || emb3.texts != 3 || s3.Index().Model() != emb3.Name() {
		t.Fatalf("new embedder: %d vectors, %d texts, model %q", s3.Index().Len(), emb3.texts, s3.Index().Model())
	}
}

func TestSyncedRebuildsFromTornOrAheadFile(t *testing.T) {
	ctx := context.Background()
	store := openStore(t)
	put(t, store, "2601.00001", "graph network")
	dir := t.TempDir()
	path := filepath.Join(dir, "vectors.bin")
	emb := &countingEmbedder{WordVectors: wordVectors(t, "a")}
	s, err := vector.OpenSynced(ctx, path, emb, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	// A file cut short (a crash mid-write that skipped the rename would leave
	// the old file; this is worse) is detected and rebuilt from the database.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	s, err = vector.OpenSynced(ctx, path, emb, store, nil)
	if err != nil || s.Index().Len() != 1 {
		t.Fatalf("torn file: %v, %d vectors", err, s.Index().Len())
	}

	// An index ahead of the database (restored from a newer backup) is rebuilt.
	s.Index().SetSeq(99)
	s.Index().Add("2601.99999", make([]float32, s.Index().Dim()))
	if err := s.Index().Save(path); err != nil {
		t.Fatal(err)
	}
	s, err = vector.OpenSynced(ctx, path, emb, store, nil)
	if err != nil || s.Index().Len() != 1 || s.Index().Has("2601.99999") {
		t.Fatalf("ahead file not rebuilt: %v, %d vectors", err, s.Index().Len())
	}
}

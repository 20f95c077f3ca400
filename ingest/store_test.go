package ingest

import (
	"context"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestMain stops the throwaway PostgreSQL cluster the store tests started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var testFiles = []string{
	"testdata/snapshot-sample.jsonl",
	"testdata/2025-03-21.jsonl",
	"testdata/2025-03-22.jsonl.gz",
	"testdata/daily_papers_2024-10-25_first4items.json",
}

// TestStoreReimportChangesNothing imports every sample into a real store
// (SQLite and PostgreSQL) and imports them again: the second pass must find
// every paper unchanged, which needs every field to survive the store's
// round trip.
func TestStoreReimportChangesNothing(t *testing.T) {
	storetest.Each(t, testReimportChangesNothing)
}

func testReimportChangesNothing(t *testing.T, db *store.DB) {
	ctx := context.Background()
	st := store.NewPaperStore(db)
	im := NewImporter(st, st, Options{BatchSize: 8})
	var total int
	for _, f := range testFiles {
		sum, err := im.ImportFile(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		total += sum.New
	}
	if total != 6+36+14+4 {
		t.Errorf("new papers %d, want 60", total)
	}
	seq, err := st.MaxSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range testFiles {
		sum, err := im.ImportFile(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != 0 || sum.Updated != 0 || sum.Unchanged == 0 {
			t.Errorf("re-import of %s: new %d updated %d unchanged %d", f, sum.New, sum.Updated, sum.Unchanged)
		}
	}
	if again, _ := st.MaxSeq(ctx); again != seq {
		t.Errorf("re-import moved the change sequence from %d to %d", seq, again)
	}
	p, err := st.Paper(ctx, "0704.0001")
	if err != nil {
		t.Fatal(err)
	}
	if p.LatestVersion() != 2 || p.Authors[0] != "C. Balázs" || p.Title != "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies" {
		t.Errorf("stored paper = %+v", p)
	}
}

// killingWriter fails every batch after the first n, like a process killed
// before its next commit.
type killingWriter struct {
	paperwire.PaperWriter
	n int
}

func (k *killingWriter) UpsertPapersAt(ctx context.Context, ps []*paperwire.Paper, cps ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	if k.n == 0 {
		return paperwire.UpsertResult{}, errKilled
	}
	k.n--
	return k.PaperWriter.UpsertPapersAt(ctx, ps, cps...)
}

// TestStoreResumeMatchesUninterrupted interrupts an import after its first
// batch and runs it again: the store must end exactly as after one
// uninterrupted import, change sequence included.
func TestStoreResumeMatchesUninterrupted(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			testResumeMatchesUninterrupted(t, store.NewPaperStore(storetest.Open(t, kind)), store.NewPaperStore(storetest.Open(t, kind)))
		})
	}
}

func testResumeMatchesUninterrupted(t *testing.T, want, got *store.PaperStore) {
	ctx := context.Background()
	for _, f := range testFiles {
		if _, err := NewImporter(want, want, Options{BatchSize: 3}).ImportFile(ctx, f); err != nil {
			t.Fatal(err)
		}
		if _, err := NewImporter(&killingWriter{got, 1}, got, Options{BatchSize: 3}).ImportFile(ctx, f); !errors.Is(err, errKilled) {
			t.Fatalf("%s: interrupted import returned %v", f, err)
		}
		if _, err := NewImporter(got, got, Options{BatchSize: 3}).ImportFile(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	a, err := want.ChangesSince(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	b, err := got.ChangesSince(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 60 || !reflect.DeepEqual(a, b) {
		t.Errorf("resumed database differs: %d vs %d papers", len(a), len(b))
	}
}

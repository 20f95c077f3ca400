package ingest

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestImportFilesReadsAheadAndWritesInOrder: importing several files with
// the next one read while the one before is written gives the summaries
// and the papers importing them one by one gives; no file writes before
// the one before it is finished (reported); a file that cannot be read
// does not stop the others; and stopping after a file leaves the file read
// ahead unwritten.
func TestImportFilesReadsAheadAndWritesInOrder(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { testImportFiles(t, kind) })
	}
}

func testImportFiles(t *testing.T, kind string) {
	ctx := context.Background()
	files := append([]string{filepath.Join(t.TempDir(), "missing.jsonl")}, testFiles...)

	one := store.NewPaperStore(storetest.Open(t, kind))
	var want []*Summary
	for _, f := range files {
		sum, _ := NewImporter(one, one, Options{BatchSize: 8}).ImportFile(ctx, f)
		sum.Elapsed = 0
		want = append(want, sum)
	}

	st := store.NewPaperStore(storetest.Open(t, kind))
	var got []*Summary
	var errs []error
	written := 0
	ImportFiles(ctx, st, st, files, func(int) Options { return Options{BatchSize: 8} }, func(i int, sum *Summary, err error) bool {
		errs = append(errs, err)
		sum.Elapsed = 0
		got = append(got, sum)
		written += sum.New
		if n, err := st.MaxSeq(ctx); err != nil || int(n) != written {
			t.Errorf("after file %d the store holds changes up to %d (%v), want %d: a file read ahead wrote early", i, n, err, written)
		}
		return true
	})
	if errs[0] == nil {
		t.Error("a missing file imported without an error")
	}
	for i := range want {
		if i >= len(got) || !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("file %d: summary %+v, one by one %+v", i, got[min(i, len(got)-1)], want[i])
		}
	}
	for _, id := range []string{"2503.15617", "0704.0001"} {
		a, errA := one.Paper(ctx, id)
		b, errB := st.Paper(ctx, id)
		if errA != nil || errB != nil || a.Title != b.Title || !reflect.DeepEqual(a.Authors, b.Authors) {
			t.Errorf("%s: one by one %v (%v), read ahead %v (%v)", id, a, errA, b, errB)
		}
	}

	fresh := store.NewPaperStore(storetest.Open(t, kind))
	calls := 0
	ImportFiles(ctx, fresh, fresh, testFiles, func(int) Options { return Options{BatchSize: 8} }, func(int, *Summary, error) bool {
		calls++
		return false
	})
	if n, err := fresh.MaxSeq(ctx); calls != 1 || err != nil || int(n) != want[1].New {
		t.Errorf("stopped after the first file: %d calls, changes up to %d (%v), want 1 call and %d", calls, n, err, want[1].New)
	}
}

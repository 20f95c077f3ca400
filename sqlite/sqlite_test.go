package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

func paper(i int) *paperwire.Paper {
	return &paperwire.Paper{ID: fmt.Sprintf("2401.%05d", i), Title: fmt.Sprintf("Paper %d", i),
		ListedOn: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}
}

// TestBackupWhileWriting copies a live database while another goroutine
// keeps writing: the copy must open as a database of its own and hold every
// paper of some prefix of the batches, never a torn one.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "paperwire.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := store.NewPaperStore(db)
	const batch = 50
	var wg sync.WaitGroup
	wg.Go(func() {
		for b := range 40 {
			ps := make([]*paperwire.Paper, batch)
			for i := range ps {
				ps[i] = paper(b*batch + i)
			}
			if _, err := s.UpsertPapers(ctx, ps); err != nil {
				t.Error(err)
				return
			}
		}
	})
	out := filepath.Join(dir, "backup.db")
	time.Sleep(5 * time.Millisecond)
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	copyDB, err := sqlite.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	sum, err := store.NewPaperStore(copyDB).Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Papers%batch != 0 || int64(sum.Papers) != sum.MaxSeq {
		t.Fatalf("backup holds %d papers up to seq %d: a torn batch", sum.Papers, sum.MaxSeq)
	}
	// A second backup over the first replaces it whole.
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".backup.db.*"))
	if len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	if err := db.Backup(ctx, filepath.Join(dir, "missing", "b.db")); err == nil {
		t.Fatal("backup into a missing directory succeeded")
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}

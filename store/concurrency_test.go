package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestFollowerMissesNoConcurrentWrite runs several writers at once (on
// PostgreSQL, truly concurrent transactions) while a follower reads
// ChangesSince past the last seq it saw, as the search index does. Seq must
// be given in commit order, or the follower skips a row whose smaller seq
// committed after a larger one.
func TestFollowerMissesNoConcurrentWrite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := store.NewPaperStore(db)
		const writers, batches = 4, 15
		var wg sync.WaitGroup
		var writing atomic.Int32
		writing.Store(writers)
		for w := range writers {
			wg.Go(func() {
				defer writing.Add(-1)
				for b := range batches {
					ps := []*paperwire.Paper{
						paper(fmt.Sprintf("2401.%d%02d01", w, b), "x", "2024-01-02"),
						paper(fmt.Sprintf("2401.%d%02d02", w, b), "y", "2024-01-03"),
					}
					if _, err := s.UpsertPapers(ctx, ps); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		seen := map[string]bool{}
		var last int64
		for {
			stopping := writing.Load() == 0
			ps, err := s.ChangesSince(ctx, last, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				seen[p.ID] = true
				last = p.Seq
			}
			if len(ps) == 0 && stopping {
				break
			}
			if len(ps) == 0 {
				time.Sleep(time.Millisecond)
			}
		}
		wg.Wait()
		if len(seen) != writers*batches*2 {
			t.Fatalf("follower saw %d of %d papers", len(seen), writers*batches*2)
		}
	})
}

// TestWatchChangesHearsOtherConnections checks that a write by one
// connection reaches another instance's watcher (PostgreSQL's
// LISTEN/NOTIFY); SQLite says it cannot watch, and its followers poll.
func TestWatchChangesHearsOtherConnections(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			target := storetest.Target(t, kind)
			watcher := storetest.OpenTarget(t, kind, target)
			defer watcher.Close()
			writer := storetest.OpenTarget(t, kind, target)
			defer writer.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			heard := make(chan int64, 16)
			can := make(chan bool, 1)
			go func() {
				ok, _ := watcher.WatchChanges(ctx, func(seq int64) { heard <- seq })
				can <- ok
			}()
			if kind == "sqlite" {
				if <-can {
					t.Fatal("SQLite claims to watch changes")
				}
				return
			}
			select { // the watcher calls changed(0) once it listens
			case <-heard:
			case <-time.After(10 * time.Second):
				t.Fatal("watcher never started listening")
			}
			if _, err := store.NewPaperStore(writer).UpsertPapers(ctx, []*paperwire.Paper{paper("2401.00001", "a", "2024-01-02")}); err != nil {
				t.Fatal(err)
			}
			select {
			case seq := <-heard:
				if seq != 1 {
					t.Fatalf("heard seq %d, want 1", seq)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("no notification within 5 s of a commit")
			}
		})
	}
}

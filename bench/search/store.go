package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

// runStore measures the import path end to end: papers written through the
// SQLite store in batches of 1,000 with the lexical index caught up after
// every batch (as an import does), then a full reindex from the change feed.
func runStore(n int, doc func(int) search.Document) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "store-bench-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "paperwire.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	store := store.NewPaperStore(db)
	lex, err := search.OpenLexical(ctx, dir, store, search.Options{})
	if err != nil {
		return err
	}
	var writeSec, catchSec float64
	cpu0 := cpuSeconds()
	start := time.Now()
	batch := make([]*paperwire.Paper, 0, 1000)
	for i := 0; i < n; i++ {
		d := doc(i)
		batch = append(batch, &paperwire.Paper{ID: d.ID, Title: d.Title, Abstract: d.Abstract,
			Authors: d.Authors, Categories: d.Categories, ListedOn: d.Date})
		if len(batch) == cap(batch) || i == n-1 {
			t0 := time.Now()
			if _, err := store.UpsertPapers(ctx, batch); err != nil {
				return err
			}
			t1 := time.Now()
			if _, err := lex.Catchup(ctx); err != nil {
				return err
			}
			writeSec += t1.Sub(t0).Seconds()
			catchSec += time.Since(t1).Seconds()
			batch = batch[:0]
		}
	}
	total := time.Since(start).Seconds()
	fmt.Printf("import through the store: %.1fs wall, %.1fs CPU (%.0f papers/s wall): store writes %.1fs, index catch-up %.1fs (%.0f papers/s); RSS %.0f MB (the whole benchmark process)\n",
		total, cpuSeconds()-cpu0, float64(n)/total, writeSec, catchSec, float64(n)/catchSec, rssMB())
	t0, c0 := time.Now(), cpuSeconds()
	if _, err := lex.Rebuild(ctx); err != nil {
		return err
	}
	fmt.Printf("reindex from the change feed: %.1fs wall, %.1fs CPU (%.0f papers/s wall)\n", time.Since(t0).Seconds(), cpuSeconds()-c0, float64(n)/time.Since(t0).Seconds())
	return nil
}

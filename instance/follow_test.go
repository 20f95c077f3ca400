package instance

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// TestFollowPicksUpOtherWrites writes papers through a second handle on the
// database, as another process's import would, and checks a running
// instance's keyword index and vectors both reach them and that it says the
// data changed. On SQLite the instance polls every 10 ms; on PostgreSQL it
// polls only once an hour, so only the change notification can bring the
// papers in time.
func TestFollowPicksUpOtherWrites(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) { testFollowPicksUpOtherWrites(t, kind) })
	}
}

func testFollowPicksUpOtherWrites(t *testing.T, kind string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	opts := Options{DataDir: dir, Getenv: noEnv}
	interval := 10 * time.Millisecond
	if kind == "postgres" {
		opts.DatabaseURL, interval = storetest.Target(t, kind), time.Hour
	}
	in := openOpts(t, opts)
	if err := in.OpenSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if in.Vectors() == nil {
		t.Fatal("no vector index: the built-in embedder should be on by default")
	}
	var changes atomic.Int32
	done := make(chan struct{})
	go func() { defer close(done); in.Follow(ctx, interval, func() { changes.Add(1) }) }()
	time.Sleep(100 * time.Millisecond) // let the watcher start listening

	opts.DataDir = t.TempDir() // another process: its own indexes, the same database
	if kind == "sqlite" {
		opts.DataDir = dir
	}
	other := openOpts(t, opts)
	var ps []*paperwire.Paper
	for i := range 5 {
		ps = append(ps, &paperwire.Paper{ID: fmt.Sprintf("2607.%05d", i+1), Title: "Graph neural networks for molecules",
			Abstract: "Message passing on molecular graphs.", ListedOn: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := other.Papers.UpsertPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := in.Engine().Search(ctx, search.Request{Query: query.Parse("molecular graphs"), Limit: 10}, search.ModeLexical)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 5 && in.Vectors().Index().Len() == 5 && changes.Load() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: %d keyword matches, %d vectors, %d changes told; want 5, 5 and some", res.Total, in.Vectors().Index().Len(), changes.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

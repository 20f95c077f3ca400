package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// TestFollowSearchPicksUpOtherWrites writes papers through a second handle
// on the database, as another process's import would, and checks a running
// app's keyword index and vectors both reach them.
func TestFollowSearchPicksUpOtherWrites(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Logger: slog.New(slog.DiscardHandler)}
	dir := t.TempDir()
	a, err := openApp(ctx, env, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.openSearch(ctx, env); err != nil {
		t.Fatal(err)
	}
	if a.vectors == nil {
		t.Fatal("no vector index: the built-in embedder should be on by default")
	}
	done := make(chan struct{})
	go func() { defer close(done); a.followSearch(ctx, 10*time.Millisecond, env.Logger) }()

	other, err := openApp(ctx, env, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var ps []*paperwire.Paper
	for i := range 5 {
		ps = append(ps, &paperwire.Paper{ID: fmt.Sprintf("2607.%05d", i+1), Title: "Graph neural networks for molecules",
			Abstract: "Message passing on molecular graphs.", ListedOn: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
	}
	if _, err := other.papers.UpsertPapers(ctx, ps); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := a.search.Search(ctx, search.Request{Query: query.Parse("molecular graphs"), Limit: 10}, search.ModeLexical)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 5 && a.vectors.Index().Len() == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: %d keyword matches, %d vectors; want 5 and 5", res.Total, a.vectors.Index().Len())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

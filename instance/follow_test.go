package instance

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// TestFollowPicksUpOtherWrites writes papers through a second handle on the
// database, as another process's import would, and checks a running
// instance's keyword index and vectors both reach them.
func TestFollowPicksUpOtherWrites(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	in := openTest(t, dir, nil)
	if err := in.OpenSearch(ctx); err != nil {
		t.Fatal(err)
	}
	if in.Vectors() == nil {
		t.Fatal("no vector index: the built-in embedder should be on by default")
	}
	done := make(chan struct{})
	go func() { defer close(done); in.Follow(ctx, 10*time.Millisecond) }()

	other := openTest(t, dir, nil)
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
		if res.Total == 5 && in.Vectors().Index().Len() == 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s: %d keyword matches, %d vectors; want 5 and 5", res.Total, in.Vectors().Index().Len())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

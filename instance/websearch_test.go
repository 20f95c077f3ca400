package instance

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// openDemo opens a new data directory holding the demo corpus, search open.
func openDemo(tb testing.TB) *Instance {
	tb.Helper()
	ctx := context.Background()
	in := openTest(tb, tb.TempDir(), nil)
	if err := in.LoadDemoIfEmpty(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := in.OpenSearch(ctx); err != nil {
		tb.Fatal(err)
	}
	return in
}

func TestWebSearcher(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo corpus")
	}
	s := openDemo(t).WebSearcher()
	res, err := s.Search(context.Background(), web.SearchRequest{Query: "diffusion transformer", Limit: 10, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 10 || res.Total < 100 || len(res.Categories) == 0 || len(res.Years) == 0 {
		t.Fatalf("hits %d, total %d, facets %d/%d", len(res.Hits), res.Total, len(res.Categories), len(res.Years))
	}
	rel, err := s.Related(context.Background(), res.Hits[0].Paper.ID, 5)
	if err != nil || len(rel) != 5 {
		t.Fatalf("related: %d, %v", len(rel), err)
	}
	for _, p := range rel {
		if p.ID == res.Hits[0].Paper.ID {
			t.Errorf("paper %s is related to itself", p.ID)
		}
	}
}

// openBench opens the data directory named by PAPERWIRE_BENCH_DATA (e.g.
// one holding the whole daily crawl), or else the demo corpus.
func openBench(b *testing.B) *Instance {
	dir := os.Getenv("PAPERWIRE_BENCH_DATA")
	if dir == "" {
		return openDemo(b)
	}
	ctx := context.Background()
	in, err := Open(ctx, Options{DataDir: dir, Logger: slog.New(slog.DiscardHandler), Getenv: os.Getenv})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { in.Close() })
	if err := in.OpenSearch(ctx); err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkRelated finds related papers for a spread of papers.
func BenchmarkRelated(b *testing.B) {
	in := openBench(b)
	ctx := context.Background()
	var papers []*paperwire.Paper
	for i := int64(0); len(papers) < 50; i += 997 {
		ps, err := in.Papers.ChangesSince(ctx, i, 1)
		if err != nil || len(ps) == 0 {
			break
		}
		papers = append(papers, ps[0])
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := in.Engine().Related(ctx, papers[i%len(papers)], 5); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkWebSearch(b *testing.B) {
	s := openBench(b).WebSearcher()
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Search(ctx, web.SearchRequest{Query: "diffusion transformer", Limit: 30, Facets: true}); err != nil {
			b.Fatal(err)
		}
	}
}

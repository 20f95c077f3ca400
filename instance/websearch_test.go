package instance

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
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

// BenchmarkSearchPage serves the results page (total and facets over every
// match, highlighting, the cards) and the JSON search API with as many
// results, for a spread of title-like queries, so their ratio reads directly.
// PAPERWIRE_BENCH_DATA names a larger data directory, as for BenchmarkRelated.
func BenchmarkSearchPage(b *testing.B) {
	in := openBench(b)
	s, err := web.New(web.Config{Papers: in.Papers, Searcher: in.WebSearcher(), CacheTTL: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	queries := []string{
		"diffusion+transformer+for+image+generation",
		"large+language+models+as+reasoning+agents",
		"graph+neural+networks+for+molecular+property+prediction",
		"efficient+attention+for+long+context",
		"reinforcement+learning+from+human+feedback",
	}
	for _, target := range []struct{ name, prefix string }{
		{"page", "/search?q="},
		{"api", "/api/papers/search?limit=30&q="},
	} {
		b.Run(target.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target.prefix+queries[i%len(queries)], nil))
				if w.Code != http.StatusOK {
					b.Fatalf("%s: status %d", target.prefix, w.Code)
				}
				i++
			}
		})
	}
}

// BenchmarkSearchAPITitles is the search API as bench/footprint loads it:
// ten hybrid results for 5–12 consecutive words of a stored title (seeded),
// through the whole handler but without a network. cpu-ns/op is the
// process's CPU time per search, steadier than wall time on a shared
// machine. PAPERWIRE_BENCH_DATA names a larger data directory, as for
// BenchmarkRelated (copy it first: opening may rewrite its index files).
func BenchmarkSearchAPITitles(b *testing.B) {
	in := openBench(b)
	s, err := web.New(web.Config{Papers: in.Papers, Searcher: in.WebSearcher(), CacheTTL: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	ps, err := in.Papers.ChangesSince(context.Background(), 0, 20000)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 12))
	var paths []string
	for len(paths) < 500 {
		words := strings.Fields(ps[r.IntN(len(ps))].Title)
		if len(words) < 5 {
			continue
		}
		k := min(5+r.IntN(8), len(words))
		at := r.IntN(len(words) - k + 1)
		paths = append(paths, "/api/papers/search?limit=10&q="+url.QueryEscape(strings.Join(words[at:at+k], " ")))
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil))
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d", paths[i%len(paths)], w.Code)
		}
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// processCPU is the process's user and system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

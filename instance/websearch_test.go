package instance

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search"
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
	marked := false
	for _, sp := range res.Hits[0].Title {
		marked = marked || sp.Match
	}
	if !marked {
		t.Errorf("top title %q has no highlighted word", res.Hits[0].Paper.Title)
	}
	for _, h := range res.Hits {
		if n := len(joinSpans(h.Snippet)); n > snippetLen+8 {
			t.Errorf("snippet of %s is %d bytes", h.Paper.ID, n)
		}
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

func joinSpans(sp []web.Span) string {
	var s string
	for _, x := range sp {
		s += x.Text
	}
	return s
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

func TestExcerptKeepsHighlightsInPlace(t *testing.T) {
	text := strings.Repeat("filler words here ", 30) + "the   quadratic\nbottleneck of attention " + strings.Repeat("more text ", 30)
	highlight := func(s string) []search.Span {
		var out []search.Span
		for i := 0; ; {
			j := strings.Index(s[i:], "quadratic")
			if j < 0 {
				return out
			}
			out = append(out, search.Span{Start: i + j, End: i + j + len("quadratic")})
			i += j + 1
		}
	}
	got, marks := excerpt(text, highlight, 120)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || len(got) > 120+2*len("…") {
		t.Fatalf("excerpt %q", got)
	}
	if len(marks) != 1 || got[marks[0].Start:marks[0].End] != "quadratic" {
		t.Fatalf("marks %v in %q", marks, got)
	}
	if short, m := excerpt("a  quadratic b", highlight, 120); short != "a quadratic b" || len(m) != 1 || short[m[0].Start:m[0].End] != "quadratic" {
		t.Fatalf("short text: %q %v", short, m)
	}
}

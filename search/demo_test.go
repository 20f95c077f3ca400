package search

import (
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/search/query"
)

// demoIndex indexes the bundled demo corpus (6,634 real papers), then
// replaces and deletes a few, so the index holds dead documents.
var demoIndex = sync.OnceValues(func() (*Index, []string) {
	docs, titles := demoDocs()
	ix := BuildIndex(DefaultParams(), docs)
	var again []Document
	var gone []string
	for i := 0; i+1 < len(docs); i += 97 {
		d := docs[i]
		d.Abstract += " revised"
		again = append(again, d)
		gone = append(gone, docs[i+1].ID)
	}
	ix.Apply(again, gone, 1)
	return ix, titles
})

// demoDocs returns the bundled demo corpus (6,634 real papers) as index
// documents, and their titles.
func demoDocs() ([]Document, []string) {
	papers, err := demo.Papers()
	if err != nil {
		panic(err)
	}
	docs := make([]Document, len(papers))
	titles := make([]string, len(papers))
	for i, p := range papers {
		docs[i] = DocumentFromPaper(p)
		titles[i] = p.Title
	}
	return docs, titles
}

// titleQueries draws n queries of 5–12 consecutive title words, as
// bench/footprint does, after a few short and syntax-bearing ones.
func titleQueries(titles []string, n int) []string {
	r := rand.New(rand.NewPCG(5, 12))
	qs := []string{"transformer", "graph neural network", `"language model" reasoning`,
		"diffusion cat:cs.CV", "reinforcement learning -robot", "attention author:smith"}
	for len(qs) < n {
		words := strings.Fields(titles[r.IntN(len(titles))])
		if len(words) < 5 {
			continue
		}
		k := min(5+r.IntN(8), len(words))
		s := r.IntN(len(words) - k + 1)
		qs = append(qs, strings.Join(words[s:s+k], " "))
	}
	return qs
}

// TestSelectTopIsVisit checks the unfiltered search's inline loop against
// the general one (a caller's filter that accepts everything takes it) on
// real titles: same hits, scores and totals, for a page and for hybrid's
// thousand candidates, and the same facet counts for the results page's
// search, which counts them in the same loop.
func TestSelectTopIsVisit(t *testing.T) {
	ix, titles := demoIndex()
	all := func(string) bool { return true }
	for _, q := range titleQueries(titles, 200) {
		for _, k := range []int{10, 30, 1000} {
			req := Request{Query: query.Parse(q), Limit: k, Facets: k == 30}
			got, _, gotRes := ix.searchScored(req, nil)
			req.Filter = all
			want, _, wantRes := ix.searchScored(req, nil)
			if gotRes.Total != wantRes.Total || len(got) != len(want) {
				t.Fatalf("%q k=%d: %d hits of %d, want %d of %d", q, k, len(got), gotRes.Total, len(want), wantRes.Total)
			}
			if !reflect.DeepEqual(gotRes.Facets, wantRes.Facets) {
				t.Fatalf("%q k=%d: facets %+v, want %+v", q, k, gotRes.Facets, wantRes.Facets)
			}
			if req.Facets && gotRes.Total > 0 && (len(gotRes.Facets.Categories) == 0 || len(gotRes.Facets.Years) == 0) {
				t.Fatalf("%q: %d matches but facets %+v", q, gotRes.Total, gotRes.Facets)
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%q k=%d: hit %d = %+v, want %+v", q, k, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkSearchTitleQueries is hybrid search's keyword half: the top 1,000
// for title queries of 5–12 words, on the demo corpus, or on the index file
// PAPERWIRE_BENCH_INDEX names (DATA/index/lexical-v1.bin of the 75k crawl in
// bench/RESULTS.md) with queries from its own titles. cpu-ns/op is the
// process's CPU time per search, steadier than wall time on a shared machine.
func BenchmarkSearchTitleQueries(b *testing.B) {
	benchTitleQueries(b, Request{Limit: 1000})
}

// BenchmarkSearchTitleQueriesTopOnly is BenchmarkSearchTitleQueries for a
// caller that reads no total (the API's hybrid search), which may stop
// adding documents early.
func BenchmarkSearchTitleQueriesTopOnly(b *testing.B) {
	benchTitleQueries(b, Request{Limit: 1000, TopOnly: true})
}

// BenchmarkSearchTitleQueriesPage is the results page's search: 30 hits and
// the facets of every match.
func BenchmarkSearchTitleQueriesPage(b *testing.B) {
	benchTitleQueries(b, Request{Limit: 30, Facets: true})
}

func benchTitleQueries(b *testing.B, req Request) {
	ix, titles := benchIndex(b)
	qs := titleQueries(titles, 206)[6:]
	parsed := make([]query.Query, len(qs))
	for i, q := range qs {
		parsed[i] = query.Parse(q)
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		req.Query = parsed[i%len(parsed)]
		ix.searchScored(req, nil)
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

// benchIndex is the demo index and its titles, or the index file
// PAPERWIRE_BENCH_INDEX names and its own titles.
func benchIndex(b *testing.B) (*Index, []string) {
	ix, titles := demoIndex()
	if path := os.Getenv("PAPERWIRE_BENCH_INDEX"); path != "" {
		var err error
		if ix, err = LoadFile(path, DefaultParams()); err != nil {
			b.Fatal(err)
		}
		titles = make([]string, ix.NumDocs())
		for n := range titles {
			titles[n] = ix.Title(uint32(n))
		}
	}
	return ix, titles
}

// processCPU is the process's user and system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

package search

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/paperwire/paperwire/search/query"
)

// TestTopOnlyIsExhaustive checks that a search that may stop adding new
// documents (TopOnly) returns the exhaustive search's hits with the same
// scores, for a page, hybrid's thousand candidates and with the proximity
// re-scoring hybrid applies, on real titles of the demo corpus (which holds
// dead documents), or of the index PAPERWIRE_BENCH_INDEX names. It also
// requires that the shortcut was taken: a test that never pruned would pass
// whatever accumulate did.
func TestTopOnlyIsExhaustive(t *testing.T) {
	ix, titles := demoIndex()
	if path := os.Getenv("PAPERWIRE_BENCH_INDEX"); path != "" {
		var err error
		if ix, err = LoadFile(path, DefaultParams()); err != nil {
			t.Fatal(err)
		}
		titles = titles[:0]
		for n := range min(ix.NumDocs(), 20000) {
			titles = append(titles, ix.Title(uint32(n)))
		}
	}
	pruned, searches := 0, 0
	for _, q := range titleQueries(titles, 200) {
		for _, k := range []int{10, 30, 1000} {
			for _, prox := range []Proximity{{}, DefaultFusion().Proximity} {
				req := Request{Query: query.Parse(q), Limit: k, Proximity: prox}
				want, _, wantRes := ix.searchScored(req, nil)
				req.TopOnly = true
				got, _, gotRes := ix.searchScored(req, nil)
				searches++
				if len(got) != len(want) {
					t.Fatalf("%q k=%d: %d hits, want %d", q, k, len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%q k=%d: hit %d = %+v, want %+v", q, k, i, got[i], want[i])
					}
				}
				if gotRes.Total > wantRes.Total || gotRes.Total < len(got) {
					t.Fatalf("%q k=%d: total %d, exhaustive %d, %d hits", q, k, gotRes.Total, wantRes.Total, len(got))
				}
				if gotRes.Total < wantRes.Total {
					pruned++
				}
			}
		}
	}
	if pruned < searches/4 {
		t.Errorf("only %d of %d searches stopped adding documents early", pruned, searches)
	}
	t.Logf("%d of %d searches stopped adding documents early", pruned, searches)
}

// TestTopOnlyWithFacetsOrFilters checks that searches which need every match
// (facets, a filter, a phrase, another order) ignore TopOnly.
func TestTopOnlyWithFacetsOrFilters(t *testing.T) {
	ix, titles := demoIndex()
	q := titleQueries(titles, 10)[7]
	for _, req := range []Request{
		{Query: query.Parse(q), Limit: 10, Facets: true},
		{Query: query.Parse(q + " year:2020..2030"), Limit: 10},
		{Query: query.Parse(q + ` "language model"`), Limit: 10},
		{Query: query.Parse(q + " sort:new"), Limit: 10},
		{Query: query.Parse(q), Limit: 10, Filter: func(string) bool { return true }},
	} {
		want := ix.Search(req)
		req.TopOnly = true
		got := ix.Search(req)
		if got.Total != want.Total {
			t.Errorf("%+v: total %d, want %d", req.Query, got.Total, want.Total)
		}
	}
}

// TestHybridConcurrentSearches runs hybrid searches (which reuse candidate
// lists and accumulators across searches) from several goroutines and
// requires each answer to be the one the same search gives alone; with
// -race it also checks that no buffer is shared while in use.
func TestHybridConcurrentSearches(t *testing.T) {
	docs, titles := demoDocs()
	docs, titles = docs[:400], titles[:400]
	ix := BuildIndex(DefaultParams(), docs)
	eng := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), DefaultFusion(), nil)
	ctx := context.Background()
	qs := titleQueries(titles, 40)[6:]
	want := make([]string, len(qs))
	for i, q := range qs {
		res, err := eng.Search(ctx, Request{Query: query.Parse(q), TopOnly: i%2 == 0}, ModeHybrid)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %d hits, %v", q, len(res.Hits), err)
		}
		want[i] = fmt.Sprint(res.Hits)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for r := range 3 {
				for i := range qs {
					i := (i + g*7 + r) % len(qs)
					res, err := eng.Search(ctx, Request{Query: query.Parse(qs[i]), TopOnly: i%2 == 0}, ModeHybrid)
					if got := fmt.Sprint(res.Hits); err != nil || got != want[i] {
						t.Errorf("%q: %s, %v; alone %s", qs[i], got, err, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

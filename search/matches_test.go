package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// TestCountMatchesIsExhaustive checks the results page's search, which ranks
// its best as the API does and counts the matches apart, against the general
// loop that visits every match (a filter accepting everything takes it):
// the same hits, total and facets, on real titles of the demo corpus (which
// holds dead documents), with long lists read from kept impacts and, on a
// second index, decoded from the postings. It also requires that most of
// the searches stopped adding documents early, which is when the count
// reads the postings of the words left.
func TestCountMatchesIsExhaustive(t *testing.T) {
	ix, titles := demoIndex()
	docs, _ := demoDocs()
	unkept := BuildIndex(DefaultParams(), docs)
	unkept.Delete(docs[3].ID, docs[300].ID, docs[3000].ID)
	unkept.impacts.keepBytes = 0

	all := func(string) bool { return true }
	queries := titleQueries(titles, 150)
	for name, ix := range map[string]*Index{"kept impacts": ix, "no impacts kept": unkept} {
		early, searches := 0, 0
		for _, q := range queries {
			for _, k := range []int{10, 30} {
				req := Request{Query: query.Parse(q), Limit: k, Facets: true, Proximity: DefaultFusion().Proximity}
				got, _, gotRes := ix.searchScored(req, nil)
				req.Filter = all
				want, _, wantRes := ix.searchScored(req, nil)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %q k=%d: hits %v, want %v", name, q, k, got, want)
				}
				if gotRes.Total != wantRes.Total || !reflect.DeepEqual(gotRes.Facets, wantRes.Facets) {
					t.Fatalf("%s, %q k=%d: total %d, facets %+v; want %d, %+v", name, q, k,
						gotRes.Total, gotRes.Facets, wantRes.Total, wantRes.Facets)
				}
				checkFacetOrder(t, q, gotRes.Facets)
				searches++
				if stoppedEarly(ix, q, k) {
					early++
				}
			}
		}
		if early < searches/4 {
			t.Errorf("%s: only %d of %d searches stopped adding documents early", name, early, searches)
		}
		t.Logf("%s: %d of %d searches stopped adding documents early", name, early, searches)
	}
}

// checkFacetOrder requires categories most first, then by name, and years
// newest first.
func checkFacetOrder(t *testing.T, q string, f *Facets) {
	t.Helper()
	for i := 1; i < len(f.Categories); i++ {
		a, b := f.Categories[i-1], f.Categories[i]
		if a.Count < b.Count || a.Count == b.Count && a.Value >= b.Value {
			t.Fatalf("%q: category facets out of order at %d: %+v, %+v", q, i, a, b)
		}
	}
	for i := 1; i < len(f.Years); i++ {
		if f.Years[i-1].Value <= f.Years[i].Value {
			t.Fatalf("%q: year facets out of order: %+v", q, f.Years)
		}
	}
}

// stoppedEarly reports whether accumulate stops adding documents for q's
// best k.
func stoppedEarly(ix *Index, q string, k int) bool {
	parsed := query.Parse(q)
	ix.RLock()
	defer ix.RUnlock()
	pl := ix.planQuery(analysis.New(), &parsed)
	if pl.impossible {
		return false
	}
	acc := ix.accumulate(pl, k)
	defer acc.release()
	return acc.added < len(acc.order)
}

// TestCountMatchesFewMatches checks the count without a bitmap (every match
// touched, and few of them) and an index whose documents all died.
func TestCountMatchesFewMatches(t *testing.T) {
	docs := commonDocs(200)
	ix := BuildIndex(DefaultParams(), docs)
	res := ix.Search(Request{Query: query.Parse("word7"), Limit: 10, Facets: true})
	if res.Total != 1 || len(res.Hits) != 1 || len(res.Facets.Years) != 1 || res.Facets.Years[0].Count != 1 {
		t.Fatalf("word7: %d matches, %d hits, facets %+v; want 1, 1 and one year of 1", res.Total, len(res.Hits), res.Facets)
	}
	res = ix.Search(Request{Query: query.Parse("common filler"), Limit: 10, Facets: true})
	if res.Total != 200 || res.Facets.Years[0].Count != 200 {
		t.Fatalf("common filler: %d matches, facets %+v; want 200", res.Total, res.Facets)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	ix.Delete(ids...)
	res = ix.Search(Request{Query: query.Parse("common filler"), Limit: 10, Facets: true})
	if res.Total != 0 || len(res.Hits) != 0 || len(res.Facets.Years) != 0 {
		t.Fatalf("every document deleted: %d matches, %d hits, facets %+v", res.Total, len(res.Hits), res.Facets)
	}
}

// TestFacetBitmaps checks facets counted from bitmaps against a visit to
// every match, on an index built to need every path: more frequent
// categories and years than get a bitmap, rare ones, years outside the
// counted span, papers without a date, several categories a paper, and
// dead documents, before and after a batch that changes which values are
// frequent.
func TestFacetBitmaps(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	doc := func(i int) Document {
		var cats []string
		for range 1 + r.IntN(3) {
			// Skewed: low numbers are frequent, the tail rare.
			cats = append(cats, fmt.Sprintf("c%d", int(r.ExpFloat64()*8)))
		}
		var day time.Time
		switch k := r.IntN(50); {
		case k == 0: // no date
		case k == 1:
			day = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC) // before facetYearBase
		default:
			day = time.Date(1990+int(r.ExpFloat64()*6), 1+time.Month(r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		}
		return Document{ID: fmt.Sprintf("p%05d", i), Title: fmt.Sprintf("paper %d", i),
			Abstract: strings.Repeat("common ", 1+r.IntN(3)) + fmt.Sprintf("w%d", r.IntN(20)), Categories: cats, Date: day}
	}
	var docs []Document
	for i := range 3000 {
		docs = append(docs, doc(i))
	}
	ix := BuildIndex(DefaultParams(), docs)
	ix.Delete("p00007", "p00500", "p02999")
	check := func(stage string) {
		t.Helper()
		fb := ix.facetBits()
		if len(fb.cats) != facetBitsMax || !slices.Contains(fb.catSlot, -1) || len(fb.years) < 3 {
			t.Fatalf("%s: %d category bitmaps, %d years: the test misses a path", stage, len(fb.cats), len(fb.years))
		}
		for _, q := range []string{"common", "w3", "w3 w4 w5 w6 w7 w8 w9 w10 w11 w12", "paper 17", "common w1"} {
			for _, k := range []int{1, 30} {
				req := Request{Query: query.Parse(q), Limit: k, Facets: true}
				got := ix.Search(req)
				req.Filter = func(string) bool { return true }
				want := ix.Search(req)
				if got.Total != want.Total || !reflect.DeepEqual(got.Facets, want.Facets) {
					t.Fatalf("%s, %q k=%d: %d matches, facets %+v; want %d, %+v", stage, q, k, got.Total, got.Facets, want.Total, want.Facets)
				}
				checkFacetOrder(t, q, got.Facets)
			}
		}
	}
	check("built")
	var batch []Document
	for i := 3000; i < 4000; i++ {
		d := doc(i)
		d.Categories = []string{"c40"} // rare until now
		batch = append(batch, d)
	}
	ix.Apply(batch, []string{"p00001", "p00002"}, 1)
	if fb := ix.facetBits(); !slices.Contains(fb.cats, uint16(slices.Index(categoryNames(ix), "c40"))) {
		t.Fatal("after the batch, c40 has no bitmap: the bitmaps were not rebuilt")
	}
	check("after a batch")
}

func categoryNames(ix *Index) []string {
	var out []string
	for o := range ix.NumCategories() {
		out = append(out, ix.CategoryName(uint16(o)))
	}
	return out
}

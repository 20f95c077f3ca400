package search

import (
	"reflect"
	"testing"

	"github.com/paperwire/paperwire/demo"
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
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]Document, len(papers))
	for i, p := range papers {
		docs[i] = DocumentFromPaper(p)
	}
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

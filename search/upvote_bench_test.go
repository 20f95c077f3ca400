package search

import (
	"testing"

	"github.com/paperwire/paperwire/search/query"
)

// BenchmarkSearchBetweenUpvotes is the API's keyword search on the demo
// corpus with an upvote landing before every fifth search, as on a busy
// site: the upvote is a batch updating one paper in place (its text
// unchanged). cpu-ns/op includes applying the upvotes.
func BenchmarkSearchBetweenUpvotes(b *testing.B) {
	docs, titles := demoDocs()
	ix := BuildIndex(DefaultParams(), docs)
	qs := titleQueries(titles, 206)[6:]
	parsed := make([]query.Query, len(qs))
	for i, q := range qs {
		parsed[i] = query.Parse(q)
	}
	for _, q := range parsed { // warm: every long list's impacts built
		ix.searchScored(Request{Query: q, Limit: 300, TopOnly: true}, nil)
	}
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		if i%5 == 0 {
			d := docs[i%len(docs)]
			d.Upvotes += i
			ix.Apply([]Document{d}, nil, int64(i+1))
		}
		ix.searchScored(Request{Query: parsed[i%len(parsed)], Limit: 300, TopOnly: true}, nil)
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

package search

import (
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// QueryWeight is the score no document can reach for q's words: the sum of
// the idf of its distinct indexed terms (each term's BM25F part tends to its
// idf as its frequency grows). A top score near it means the top hit holds
// nearly every query word, the rare ones included: hybrid search reads that
// as a keyword ranking it should trust (Fusion.Trust).
func (ix *Index) QueryWeight(q query.Query) float64 {
	if !q.HasTerms() {
		return 0
	}
	an := ix.analyzers.Get().(*analysis.Analyzer)
	defer ix.analyzers.Put(an)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var sum float64
	for _, st := range ix.planQuery(an, &q).scored {
		sum += float64(st.weight)
	}
	return sum
}

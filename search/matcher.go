package search

import (
	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// Matcher returns a function that accepts the paper ids passing q's filters
// (categories, dates, authors, exclusions and phrases) regardless of its
// words, for the semantic side of a hybrid search; nil when q filters nothing.
func (ix *Index) Matcher(q query.Query) func(id string) bool {
	f := q
	f.Words = nil
	if len(f.Phrases) == 0 && len(f.Exclude) == 0 && len(f.Authors) == 0 &&
		len(f.Categories) == 0 && f.From.IsZero() && f.To.IsZero() {
		return nil
	}
	an := ix.analyzers.Get().(*analysis.Analyzer)
	defer ix.analyzers.Put(an)
	ix.RLock()
	pl := ix.planQuery(an, &f)
	var phraseSets [][]uint64
	for _, ph := range pl.phrases {
		phraseSets = append(phraseSets, ix.bitset(ix.phraseDocs(ph)))
	}
	ix.RUnlock()
	if pl.impossible {
		return func(string) bool { return false }
	}
	return func(id string) bool {
		ix.RLock()
		defer ix.RUnlock()
		n, ok := ix.Number(id)
		if !ok || !pl.accepts(ix, n) {
			return false
		}
		for _, set := range phraseSets {
			if int(n/64) >= len(set) || set[n/64]&(1<<(n%64)) == 0 {
				return false
			}
		}
		return true
	}
}

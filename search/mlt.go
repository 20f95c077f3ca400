package search

import (
	"math"
	"sort"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/postings"
)

// mltTerms is how many of a paper's most distinctive terms "more like this" keeps.
const mltTerms = 30

// MoreLikeThis ranks papers by the most distinctive terms (tf·idf) of a
// title and abstract — the lexical half of related papers. The paper named
// exclude (usually the one shown) is left out.
func (ix *Index) MoreLikeThis(title, abstract string, k int, exclude string) []Hit {
	an := ix.analyzers.Get().(*analysis.Analyzer)
	defer ix.analyzers.Put(an)
	tf := map[string]float64{}
	for _, t := range an.Analyze(nil, title) {
		tf[t.Term] += 2 // title words say more about a paper
	}
	for _, t := range an.Analyze(nil, abstract) {
		tf[t.Term]++
	}

	ix.RLock()
	defer ix.RUnlock()
	n := float64(max(ix.Live(), 1))
	type cand struct {
		p      *postings.List
		idf    float64
		weight float64
	}
	var cands []cand
	for t, f := range tf {
		p := ix.Postings(t)
		if p == nil || p.N < 2 { // a term only this paper has relates it to nothing
			continue
		}
		df := math.Min(float64(p.N), n)
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		cands = append(cands, cand{p, idf, (1 + math.Log(f)) * idf})
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].weight > cands[j].weight })
	pl := &plan{}
	for i, c := range cands {
		if i == mltTerms {
			break
		}
		pl.scored = append(pl.scored, scoredTerm{p: c.p, weight: float32(c.idf)})
	}
	acc := ix.accumulate(pl, 0)
	defer acc.release()
	top := newTopK(k, ix.lessFunc("", acc.scores))
	// The excluded paper is compared by document number: comparing every
	// candidate's id string reads a string per touched document, which at a
	// million papers cost more than the scoring.
	skip, hasSkip := ix.Number(exclude)
	for _, d := range acc.touched {
		if ix.Dead(d) || (hasSkip && d == skip) {
			continue
		}
		top.push(d)
	}
	hits := []Hit{}
	for _, d := range top.sorted() {
		hits = append(hits, ix.hit(d, float64(acc.scores[d])))
	}
	return hits
}

// Lookup returns the index's view of one paper as a zero-score hit.
func (ix *Index) Lookup(id string) (Hit, bool) {
	ix.RLock()
	defer ix.RUnlock()
	n, ok := ix.Number(id)
	if !ok {
		return Hit{}, false
	}
	return ix.hit(n, 0), true
}

// Index returns ix itself, so a bare index can serve an Engine (see IndexSource).
func (ix *Index) Index() *Index { return ix }

package search

import (
	"slices"
	"time"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// Limits on one page of results.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
	MaxOffset    = 100000 // deeper pages are empty
)

// Request is one lexical search.
type Request struct {
	Query  query.Query
	Limit  int  // hits to return; DefaultLimit when 0, at most MaxLimit
	Offset int  // hits to skip
	Facets bool // count categories and years over every match
	// Filter, when set, must accept a paper id for it to match.
	Filter func(id string) bool
	// Proximity, when on, re-scores the best matches of a relevance-sorted
	// search by how close together the query's words occur in them.
	Proximity Proximity
	// TopOnly says the caller reads the hits and not Total. A search by
	// relevance without filters or phrases stops adding new documents once
	// the words left to score cannot lift one into the best Offset+Limit
	// (see accumulate), and then counts every match apart for Total and the
	// facets (countMatches); with TopOnly and no facets it skips the count,
	// and Total counts only the documents scored, at least the hits.
	TopOnly bool
}

// Hit is one matching paper.
type Hit struct {
	ID        string
	Title     string
	Score     float64
	Date      time.Time
	Upvotes   int
	Withdrawn bool // withdrawn papers stay searchable, marked
}

// Result is one page of hits, the number of matches and, if asked, facets.
type Result struct {
	Hits   []Hit
	Total  int
	Facets *Facets
}

// Search runs req. A query with nothing to score lists the papers its
// filters select, newest first; an empty query matches nothing.
func (ix *Index) Search(req Request) Result {
	res := Result{}
	ix.search(req, &res, func(top []uint32, scores []float32, offset int) {
		res.Hits = make([]Hit, 0, max(0, len(top)-offset))
		for _, n := range top[min(offset, len(top)):] {
			res.Hits = append(res.Hits, ix.hit(n, float64(scores[n])))
		}
	})
	return res
}

// searchScored runs req as Search does but returns the page as ids and
// scores only (ids shared with the index, nothing else copied), with each
// hit's document number: hybrid search asks for hundreds of candidates and
// needs no more of them. The page is appended to buf.
func (ix *Index) searchScored(req Request, buf []Scored) ([]Scored, docNumbers, Result) {
	res := Result{}
	out := buf[:0]
	var docs docNumbers
	ix.search(req, &res, func(top []uint32, scores []float32, offset int) {
		docs.n, docs.numbering = top[min(offset, len(top)):], ix.Numbering()
		out = slices.Grow(out, len(docs.n))
		for _, n := range docs.n {
			out = append(out, Scored{ix.ID(n), float64(scores[n])})
		}
	})
	return out, docs, res
}

// docNumbers are the document numbers of a search's hits, with the index's
// numbering they belong to (see Index.Numbering).
type docNumbers struct {
	n         []uint32
	numbering uint64
}

// search runs req, fills res's total and facets (or leaves res zero for an
// empty query) and hands page the best offset+limit documents, best first,
// with the score array, under the index's read lock.
func (ix *Index) search(req Request, res *Result, page func(top []uint32, scores []float32, offset int)) {
	q := &req.Query
	if q.IsZero() {
		return
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := min(max(req.Offset, 0), MaxOffset)

	an := ix.analyzers.Get().(*analysis.Analyzer)
	defer ix.analyzers.Put(an)
	ix.RLock()
	defer ix.RUnlock()

	pl := ix.planQuery(an, q)
	if pl.impossible {
		*res = Result{Hits: []Hit{}, Facets: emptyFacets(req.Facets)}
		return
	}
	var phraseSets [][]uint64
	for _, ph := range pl.phrases {
		phraseSets = append(phraseSets, ix.bitset(ix.phraseDocs(ph)))
	}

	sortBy := q.Sort
	if sortBy == "" {
		sortBy = query.SortRelevance
		if !q.HasTerms() {
			sortBy = query.SortNew
		}
	}
	keep := offset + limit
	if req.Proximity.On() {
		keep = max(keep, req.Proximity.Depth) // re-scored below, then cut to the page
	}
	// The usual search (hybrid's candidates, with the results
	// page's facets or without) selects its best without a per-match call.
	fast := q.HasTerms() && sortBy == query.SortRelevance && !pl.filters && len(phraseSets) == 0 && req.Filter == nil
	// The usual search ranks only its best: it stops adding documents once
	// the words left cannot lift one into them, and a caller that shows the
	// number of matches or their facets has them counted apart
	// (countMatches).
	prune := 0
	if fast {
		prune = keep
	}
	acc := ix.accumulate(pl, prune)
	defer acc.release()
	var top *topK
	var rel *scoreTopK // the usual order, without a call per comparison
	switch {
	case fast:
	case sortBy == query.SortRelevance:
		rel = newScoreTopK(keep)
	default:
		top = newTopK(offset+limit, ix.lessFunc(sortBy, acc.scores))
	}
	var fc *facetCounter
	if req.Facets {
		fc = ix.newFacetCounter()
	}
	total := 0
	var best []uint32 // the usual search's answer, when it took the fast path
	visit := func(n uint32) {
		if ix.Dead(n) || (pl.filters && !pl.accepts(ix, n)) {
			return
		}
		for _, set := range phraseSets {
			if set[n/64]&(1<<(n%64)) == 0 {
				return
			}
		}
		if req.Filter != nil && !req.Filter(ix.ID(n)) {
			return
		}
		total++
		if fc != nil {
			fc.add(ix, n)
		}
		if rel != nil {
			rel.push(n, acc.scores[n])
			return
		}
		top.push(n)
	}
	switch {
	case fast:
		best, total = selectTop(acc, ix, keep)
		if !req.TopOnly || fc != nil {
			total = ix.countMatches(acc, pl, fc)
		}
	case q.HasTerms():
		if len(acc.touched) > ix.NumDocs()/8 {
			// Many matches (an eighth of the index): reading the scores in order beats jumping to
			// each match (the result does not depend on the order).
			for n, sc := range acc.scores[:ix.NumDocs()] {
				if sc != 0 {
					visit(uint32(n))
				}
			}
		} else {
			for _, n := range acc.touched {
				visit(n)
			}
		}
	default:
		for n := range ix.NumDocs() {
			visit(uint32(n))
		}
	}
	*res = Result{Total: total, Hits: []Hit{}, Facets: fc.result(ix)}
	if best != nil || rel != nil {
		if best == nil {
			best = rel.sorted()
		}
		if req.Proximity.On() {
			ix.rescoreProximity(an, q, pl, best, acc.scores, req.Proximity)
			best = best[:min(len(best), offset+limit)]
		}
		page(best, acc.scores, offset)
		return
	}
	page(top.sorted(), acc.scores, offset)
}

func (ix *Index) hit(n uint32, score float64) Hit {
	return Hit{
		ID: ix.ID(n), Title: ix.Title(n), Score: score,
		Date: ix.Date(n), Upvotes: int(ix.Upvotes(n)),
		Withdrawn: ix.Withdrawn(n),
	}
}

func (ix *Index) bitset(docs []uint32) []uint64 {
	set := make([]uint64, (ix.NumDocs()+63)/64)
	for _, d := range docs {
		set[d/64] |= 1 << (d % 64)
	}
	return set
}

// lessFunc orders documents for a sort: it reports whether a ranks below b.
func (ix *Index) lessFunc(sortBy string, scores []float32) func(a, b uint32) bool {
	byScore := func(a, b uint32) bool {
		if scores[a] != scores[b] {
			return scores[a] < scores[b]
		}
		return a < b // later-added documents first among ties
	}
	switch sortBy {
	case query.SortNew:
		return func(a, b uint32) bool {
			if ix.Day(a) != ix.Day(b) {
				return ix.Day(a) < ix.Day(b)
			}
			return byScore(a, b)
		}
	case query.SortTop:
		return func(a, b uint32) bool {
			if ix.Upvotes(a) != ix.Upvotes(b) {
				return ix.Upvotes(a) < ix.Upvotes(b)
			}
			return byScore(a, b)
		}
	}
	return byScore
}

// SearchText ranks documents for plain text with no query syntax (every word
// optional, BM25F): the entry point for evaluation and for fusion.
func (ix *Index) SearchText(text string, k int) []Hit {
	return ix.Search(Request{Query: query.Plain(text), Limit: k}).Hits
}

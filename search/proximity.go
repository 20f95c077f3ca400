package search

import (
	"slices"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/index"
	"github.com/paperwire/paperwire/search/postings"
	"github.com/paperwire/paperwire/search/query"
)

// Proximity re-scores the best BM25F candidates by how close together the
// query's words occur in them (Büttcher, Clarke and Lushman, "Term proximity
// scoring for ad-hoc retrieval on very large text collections", SIGIR 2006),
// counting only words that also stand next to each other in the query: a
// pasted title's words stand side by side in its abstract ("remote sensing
// image scene classification"), where BM25F, which scores words one by one,
// sees only that they occur somewhere. The zero value is off.
// docs/search-quality-2.md (round four) has the measurements.
type Proximity struct {
	// Weight scales the proximity score added to the BM25F score; 0 is off.
	Weight float64
	// Depth is how many of the best BM25F candidates are re-scored: the
	// bonus only lifts scores, so the rest keep their order below them.
	Depth int
	// Window is the farthest apart, in word positions, two query words may
	// be and still count (stopwords take positions). It is capped at
	// index.PositionGap, so a pair never spans the title and the abstract.
	Window int
}

// On reports whether p changes a ranking at all.
func (p Proximity) On() bool { return p.Weight > 0 && p.Depth > 0 && p.Window > 0 }

// maxProximityTerms bounds the query words proximity looks at: a longer
// query (a sentence, a pasted abstract) gets its first twelve only. Every
// word is a seek per candidate; twelve keep the cost of a sentence-long
// query near a title's, and measured no worse than 32 on any collection
// (docs/search-quality-2.md, round four).
const maxProximityTerms = 12

// proxOcc is one occurrence of a query word in a document.
type proxOcc struct {
	pos  int32
	term int32 // index into the query's scored terms
}

// proximityScorer computes the proximity score of documents for one
// query, reusing its buffers from one document to the next.
type proximityScorer struct {
	terms  []scoredTerm
	curs   []postings.Cursor
	ended  []bool
	acc    []float32
	occ    []proxOcc
	pos    []int32
	window int32
	k1     float32
	norm   []float32 // the abstract's length normalisation, by length bucket
	lens   []uint16
	// pair[i*len(terms)+j] says whether terms i and j stand next to each
	// other in the query (stopwords between them aside).
	pair []bool
}

// newProximityScorer prepares the scoring of q's words (pl's terms,
// idf-weighted) within window positions. Callers hold the index's read lock.
func (ix *Index) newProximityScorer(an *analysis.Analyzer, q *query.Query, pl *plan, window int) *proximityScorer {
	terms := pl.scored[:min(len(pl.scored), maxProximityTerms)]
	s := &proximityScorer{
		terms:  terms,
		curs:   make([]postings.Cursor, len(terms)),
		ended:  make([]bool, len(terms)),
		acc:    make([]float32, len(terms)),
		window: int32(min(window, index.PositionGap)),
		k1:     float32(ix.Scoring().K1),
		norm:   ix.Norms(FieldAbstract),
		lens:   ix.FieldLens(FieldAbstract),
	}
	for i, t := range terms {
		s.curs[i] = t.p.Cursor()
	}
	s.pair = queryPairs(ix, an, q, terms)
	return s
}

// score returns document d's proximity score. Successive calls must pass
// increasing document numbers (the postings cursors only move forward).
//
// Every occurrence of a query word is paired with the nearest occurrence
// before it, if that one is of a word next to it in the query, at distance
// dist within the window: each of the two words then collects the other's
// idf / dist².
// A word's collected weight saturates like a term frequency in BM25, and the
// score sums them, each weighted by min(1, idf):
//
//	Σ_t min(1, idf(t)) · acc(t)·(k1+1) / (acc(t) + k1·(1−b+b·len/avglen))
//
// with the abstract's length normalisation. A word repeated next to itself
// pairs with nothing, and a query word counts once however often the query
// repeats it (the plan keeps distinct terms).
func (s *proximityScorer) score(d uint32) float32 {
	if len(s.terms) < 2 {
		return 0
	}
	s.occ = s.occ[:0]
	present := 0
	for i := range s.curs {
		c := &s.curs[i]
		if s.ended[i] {
			continue
		}
		if !c.Seek(d) {
			s.ended[i] = true
			continue
		}
		if c.Doc != d || c.PosStart == c.PosEnd {
			continue
		}
		present++
		s.pos = c.Positions(s.pos[:0])
		for _, p := range s.pos {
			s.occ = append(s.occ, proxOcc{p, int32(i)})
		}
	}
	if present < 2 {
		return 0
	}
	slices.SortFunc(s.occ, func(a, b proxOcc) int {
		if a.pos != b.pos {
			return int(a.pos - b.pos)
		}
		return int(a.term - b.term)
	})
	clear(s.acc)
	for k := 1; k < len(s.occ); k++ {
		a, b := s.occ[k-1], s.occ[k]
		dist := b.pos - a.pos
		if a.term == b.term || dist <= 0 || dist > s.window || !s.pair[int(a.term)*len(s.terms)+int(b.term)] {
			continue
		}
		inv := 1 / float32(dist*dist)
		s.acc[a.term] += s.terms[b.term].weight * inv
		s.acc[b.term] += s.terms[a.term].weight * inv
	}
	kd := s.k1 / s.norm[s.lens[d]]
	var sum float32
	for i, a := range s.acc {
		if a != 0 {
			sum += min(1, s.terms[i].weight) * a * (s.k1 + 1) / (a + kd)
		}
	}
	return sum
}

// scores fills out[i] with docs[i]'s proximity score; docs may come in any
// order (they are visited in increasing order).
func (s *proximityScorer) scores(docs []uint32, out []float32) {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(int64(docs[a]) - int64(docs[b])) })
	for _, i := range order {
		out[i] = s.score(docs[i])
	}
}

// rescoreProximity adds p.Weight times the proximity score to the scores of
// the first p.Depth documents of top (best first) and re-sorts them in the
// ranking's order: score, then the later document first. Callers hold the
// index's read lock. scores is the query's accumulator, indexed by document.
func (ix *Index) rescoreProximity(an *analysis.Analyzer, q *query.Query, pl *plan, top []uint32, scores []float32, p Proximity) {
	head := top[:min(p.Depth, len(top))]
	if len(pl.scored) < 2 || len(head) == 0 {
		return
	}
	bonus := make([]float32, len(head))
	ix.newProximityScorer(an, q, pl, p.Window).scores(head, bonus)
	w := float32(p.Weight)
	for i, n := range head {
		scores[n] += w * bonus[i]
	}
	slices.SortFunc(head, func(a, b uint32) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
}

// ProximityScores returns the unweighted proximity score of each of docs
// (document numbers of live documents) for the words of q, with p's window:
// what p adds, before its weight, to the BM25F score.
// Exported so ranking experiments can sweep the weight offline.
func (ix *Index) ProximityScores(q query.Query, docs []uint32, window int) []float32 {
	an := ix.analyzers.Get().(*analysis.Analyzer)
	defer ix.analyzers.Put(an)
	ix.RLock()
	defer ix.RUnlock()
	out := make([]float32, len(docs))
	pl := ix.planQuery(an, &q)
	if pl.impossible {
		return out
	}
	ix.newProximityScorer(an, &q, pl, window).scores(docs, out)
	return out
}

// queryPairs returns which of terms (q's, as planned) stand next to each
// other among q's words, in either order, as a len(terms)² matrix: a word
// the index does not know separates its neighbours, a stopword does not.
func queryPairs(ix *Index, an *analysis.Analyzer, q *query.Query, terms []scoredTerm) []bool {
	n := len(terms)
	slot := make(map[*postings.List]int, n)
	for i, t := range terms {
		slot[t.p] = i
	}
	pair := make([]bool, n*n)
	prev := -1
	eachWordTerm(an, q, func(term string) {
		i, ok := slot[ix.Postings(term)]
		if !ok {
			prev = -1
			return
		}
		if prev >= 0 && prev != i {
			pair[prev*n+i], pair[i*n+prev] = true, true
		}
		prev = i
	})
	return pair
}

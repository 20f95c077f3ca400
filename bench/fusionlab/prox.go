package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// Term proximity (FUSIONLAB_PROX=1): the lexical candidates' BM25F scores
// plus weight times their proximity score (search.Proximity), for the top
// depth of them, re-sorted; then BM25F alone or fused as hybrid search does.

var (
	proxWindows = []int{3}
	proxWeights = []float64{0, 0.2}
	proxDepths  = []int{20}
	proxBlends  = []float64{0.5, 0.6} // the vectors' share in the hybrid rows
)

func proxOn() bool { return os.Getenv("FUSIONLAB_PROX") != "" }

// proxScores returns the candidates' proximity scores, one slice per window.
func proxScores(ix *search.Index, text string, docs []uint32) [][]float32 {
	out := make([][]float32, len(proxWindows))
	for i, w := range proxWindows {
		out[i] = ix.ProximityScores(query.Plain(text), docs, w)
	}
	return out
}

// proxRescore returns q's candidates, cosines and found flags with the top
// depth re-scored at window index wi and weight, in the order the index
// gives them (score, then the later document first).
func proxRescore(q judged, wi int, weight float64, depth int) ([]search.Scored, []float32, []bool) {
	type cand struct {
		s     search.Scored
		doc   uint32
		score float32
		found bool
	}
	cs := make([]cand, len(q.lex))
	for i, h := range q.lex {
		cs[i] = cand{h, q.docs[i], q.scores[i], q.found[i]}
		if i < depth {
			cs[i].s.Score = float64(float32(h.Score) + float32(weight)*q.prox[wi][i])
		}
	}
	head := cs[:min(depth, len(cs))]
	slices.SortStableFunc(head, func(a, b cand) int {
		if c := cmp.Compare(b.s.Score, a.s.Score); c != 0 {
			return c
		}
		return cmp.Compare(b.doc, a.doc)
	})
	lex := make([]search.Scored, len(cs))
	scores := make([]float32, len(cs))
	found := make([]bool, len(cs))
	for i, c := range cs {
		lex[i], scores[i], found[i] = c.s, c.score, c.found
	}
	return lex, scores, found
}

// proxRows prints BM25F+proximity and hybrid-over-it rows for every setting.
func proxRows(row func(string, func(judged) []search.Scored)) {
	for wi, win := range proxWindows {
		for _, depth := range proxDepths {
			for _, weight := range proxWeights {
				row(fmt.Sprintf("bm25+prox win=%d depth=%d weight=%.2f", win, depth, weight), func(q judged) []search.Scored {
					lex, _, _ := proxRescore(q, wi, weight, depth)
					return lex
				})
				for _, bw := range proxBlends {
					row(fmt.Sprintf("hybrid+prox w=%.2f win=%d depth=%d weight=%.2f", bw, win, depth, weight), func(q judged) []search.Scored {
						lex, scores, found := proxRescore(q, wi, weight, depth)
						f := search.DefaultFusion()
						f.Weight = bw
						n := min(f.Depth, len(lex))
						return search.FuseCandidates(f, lex[:n], scores[:n], found[:n])
					})
				}
			}
		}
	}
}

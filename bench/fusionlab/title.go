package main

import (
	"fmt"
	"os"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// Title-like queries (FUSIONLAB_TITLE=1, with FUSIONLAB_PROX=1): hybrid as
// it ships, then with the vectors' share for queries in the form of a title
// shrunk by the keyword top hit's lead (after proximity), to nothing at a
// lead of trust or more.

func titleOn() bool { return os.Getenv("FUSIONLAB_TITLE") != "" }

func titleRows(row func(string, func(judged) []search.Scored)) {
	for _, tw := range []float64{0.4, 0.5, 0.6} {
		for _, trust := range []float64{0, 0.05, 0.1, 0.2, 0.3, 0.5, 1} {
			row(fmt.Sprintf("title w=%.2f trust=%.2f", tw, trust), func(q judged) []search.Scored {
				lex, scores, found := proxRescore(q, 0, 0.2, 20)
				f := search.DefaultFusion()
				pq := query.Parse(q.text)
				if pq.LooksLikeTitle() {
					f.Weight = tw
					if trust > 0 {
						f.Weight *= max(0, 1-lead(lex)/trust)
					}
				}
				n := min(f.Depth, len(lex))
				return search.FuseCandidates(f, lex[:n], scores[:n], found[:n])
			})
		}
	}
}

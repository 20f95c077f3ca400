package main

import (
	"fmt"
	"os"

	"github.com/paperwire/paperwire/search"
)

// Pseudo-relevance feedback gated by confidence (FUSIONLAB_PRF=1): the query
// vector plus alpha times the mean vector of the lexical top k, used only
// when the lexical top hit leads by at least the gate. The query's length
// does not matter: the blend min-max normalises the cosines per query.

type prfVariant struct {
	k     int
	alpha float32
}

var prfVariants = []prfVariant{{1, 0.3}, {1, 0.6}, {1, 1}, {3, 0.3}, {3, 0.6}, {3, 1}}

var prfGates = []float64{0, 0.05, 0.1, 0.2, 0.4}

func prfOn() bool { return os.Getenv("FUSIONLAB_PRF") != "" }

// vectorSource is what PRF needs of the vector index: a stored vector by id.
type vectorSource interface {
	Vector(id string) []float32
}

// prfScores returns, per variant, the candidates' scores against the fed-back
// query vector q + alpha·mean(top k lexical hits' vectors).
func prfScores(q []float32, ids []string, vs vectorSource, cs search.CandidateScorer) ([][]float32, error) {
	out := make([][]float32, len(prfVariants))
	for vi, v := range prfVariants {
		fb := append([]float32(nil), q...)
		n := min(v.k, len(ids))
		for _, id := range ids[:n] {
			dv := vs.Vector(id)
			for i := range fb {
				if dv != nil {
					fb[i] += v.alpha * dv[i] / float32(n)
				}
			}
		}
		s, _, err := cs.Score(fb, ids)
		if err != nil {
			return nil, err
		}
		out[vi] = s
	}
	return out, nil
}

// prfRows prints one row per variant and gate, at the default fusion.
func prfRows(row func(string, func(judged) []search.Scored)) {
	for vi, v := range prfVariants {
		for _, g := range prfGates {
			row(fmt.Sprintf("prf k=%d alpha=%.1f gate=%.2f", v.k, v.alpha, g), func(q judged) []search.Scored {
				f := search.DefaultFusion()
				n := min(f.Depth, len(q.lex))
				s := q.scores
				if lead(q.lex) >= g && len(q.prf) > vi {
					s = q.prf[vi]
				}
				return search.FuseCandidates(f, q.lex[:n], s[:n], q.found[:n])
			})
		}
	}
}

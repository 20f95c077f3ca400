package search

import "github.com/paperwire/paperwire/search/query"

// Fusion methods.
const (
	FuseRRF   = "rrf"   // reciprocal rank fusion
	FuseBlend = "blend" // min-max normalised score blend
)

// Fusion says how lexical and semantic rankings combine. The weights come
// from tuning on SciFact train; they are parameters, not constants.
type Fusion struct {
	Method string  // FuseRRF or FuseBlend (default)
	Weight float64 // semantic share: blend weight in [0,1], or the RRF weight of the semantic list (lexical has 1−Weight)
	// TitleWeight replaces Weight for a query that looks like a pasted paper
	// title (query.LooksLikeTitle), whose words are the paper's own; 0
	// leaves Weight.
	TitleWeight float64
	RRFK        float64 // RRF's k (default 60)
	Depth       int     // candidates taken from each side (default 100)
	// Rerank scores the lexical top Depth with the vector index (when it is
	// a CandidateScorer) instead of taking the vector index's own top Depth.
	Rerank bool
	// Proximity re-scores the best lexical candidates by how close together
	// the query's words occur before they are fused (see Proximity); the
	// Engine's keyword-only searches use it too.
	Proximity Proximity
}

// DefaultFusion is the fusion tuned with the built-in embedding model on
// SciFact train and the known-item sets (docs/decisions/020-semantic-layer.md,
// 023-term-proximity.md, 047-title-like-queries.md, 049-hybrid-depth-300.md):
// the lexical top 300, its best 20 re-scored by term proximity, re-scored by
// the vectors, 0.4·minmax(bm25) + 0.6·minmax(cos): above the blend without
// proximity on every collection measured. A query in the form of a paper
// title blends half and half (w 0.5 gains a few thousandths on titles and
// loses more on sentences, which never take that form).
func DefaultFusion() Fusion {
	return Fusion{Method: FuseBlend, Weight: 0.6, TitleWeight: 0.5, RRFK: 60, Depth: 300, Rerank: true,
		Proximity: Proximity{Weight: 0.2, Depth: 20, Window: 3}}
}

// For returns the fusion for the query q: TitleWeight in place of Weight
// when q looks like a paper title.
func (f Fusion) For(q *query.Query) Fusion {
	if f.TitleWeight > 0 && q.LooksLikeTitle() {
		f.Weight = f.TitleWeight
	}
	return f
}

// Scored is an id with a score, in the order a ranker returned it.
type Scored struct {
	ID    string
	Score float64
}

// Fuse combines two ranked lists (best first) into one, best first.
func Fuse(f Fusion, lexical, semantic []Scored) []Scored {
	acc := map[string]float64{}
	var order []string
	add := func(id string, s float64) {
		if _, ok := acc[id]; !ok {
			order = append(order, id)
		}
		acc[id] += s
	}
	w := f.Weight
	if f.Method == FuseRRF {
		k := f.RRFK
		if k <= 0 {
			k = 60
		}
		for r, h := range lexical {
			add(h.ID, (1-w)/(k+float64(r+1)))
		}
		for r, h := range semantic {
			add(h.ID, w/(k+float64(r+1)))
		}
	} else {
		lo, hi := minMax(lexical)
		for _, h := range lexical {
			add(h.ID, (1-w)*norm(h.Score, lo, hi))
		}
		lo, hi = minMax(semantic)
		for _, h := range semantic {
			add(h.ID, w*norm(h.Score, lo, hi))
		}
	}
	out := make([]Scored, len(order))
	for i, id := range order {
		out[i] = Scored{id, acc[id]}
	}
	sortByScore(out)
	return out
}

func minMax(xs []Scored) (lo, hi float64) {
	for i, x := range xs {
		if i == 0 || x.Score < lo {
			lo = x.Score
		}
		if i == 0 || x.Score > hi {
			hi = x.Score
		}
	}
	return lo, hi
}

// norm maps s into [0,1]; a list whose scores are all equal counts fully.
func norm(s, lo, hi float64) float64 {
	if hi <= lo {
		return 1
	}
	return (s - lo) / (hi - lo)
}

// fuseRescored is Fuse(f, lex, sem) for sem the candidates of lex that the
// vectors could score (scores[i] for lex[i] where found[i]), best first, as
// scoreCandidates returns them; it gives exactly Fuse's scores and order.
// Every semantic id is then a lexical one, so the fused list is lex's order
// re-scored and needs neither a map from ids nor the semantic list sorted
// (except for RRF's ranks): hybrid search fuses hundreds of candidates per query.
//
// keep > 0 asks for the best keep only (a page of hybrid results needs ten
// or so of the hundreds): picking them costs a pass, sorting them all
// comparisons and copies.
func fuseRescored(f Fusion, lex []Scored, scores []float32, found []bool, keep int) []Scored {
	w := f.Weight
	if f.Method == FuseRRF {
		out := make([]Scored, len(lex))
		k := f.RRFK
		if k <= 0 {
			k = 60
		}
		var sem []Scored // the scored candidates, in lex's order
		var pos []int    // and their positions in lex
		for i := range lex {
			out[i] = Scored{lex[i].ID, 0 + (1-w)/(k+float64(i+1))}
			if i < len(found) && found[i] {
				sem = append(sem, Scored{lex[i].ID, float64(scores[i])})
				pos = append(pos, i)
			}
		}
		order := rankOrder(sem)
		for r, j := range order {
			out[pos[j]].Score += w / (k + float64(r+1))
		}
		sortByScore(out)
		return out
	}
	lo, hi := minMax(lex)
	var slo, shi float64
	seen := false
	for i := range lex {
		if i < len(found) && found[i] {
			s := float64(scores[i])
			if !seen || s < slo {
				slo = s
			}
			if !seen || s > shi {
				shi = s
			}
			seen = true
		}
	}
	fused := func(i int) Scored {
		x := Scored{lex[i].ID, 0 + (1-w)*norm(lex[i].Score, lo, hi)}
		if i < len(found) && found[i] {
			x.Score += w * norm(float64(scores[i]), slo, shi)
		}
		return x
	}
	if picksFew(keep, len(lex)) { // bestFirst's choice, without a copy of lex
		best := newBestK(keep)
		for i := range lex {
			best.offer(fused(i))
		}
		return best.xs
	}
	out := make([]Scored, len(lex))
	for i := range lex {
		out[i] = fused(i)
	}
	return bestFirst(out, keep)
}

// FuseCandidates is the fusion hybrid search applies to the lexical
// candidates lex (best first) re-scored by the vectors (scores[i] for lex[i]
// where found[i]): exported so ranking experiments replay it offline.
func FuseCandidates(f Fusion, lex []Scored, scores []float32, found []bool) []Scored {
	return fuseRescored(f, lex, scores, found, 0)
}

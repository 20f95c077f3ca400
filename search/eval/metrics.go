package eval

import "math"

// NDCG is normalised discounted cumulative gain at k with linear gains (as
// trec_eval computes it for BEIR).
func NDCG(ranked []string, rel map[string]int, k int) float64 {
	dcg := 0.0
	for i, id := range ranked {
		if i == k {
			break
		}
		if g := rel[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var gains []int
	for _, g := range rel {
		if g > 0 {
			gains = append(gains, g)
		}
	}
	// Ideal order: gains descending.
	for i := 1; i < len(gains); i++ {
		for j := i; j > 0 && gains[j] > gains[j-1]; j-- {
			gains[j], gains[j-1] = gains[j-1], gains[j]
		}
	}
	idcg := 0.0
	for i, g := range gains {
		if i == k {
			break
		}
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// Recall is the share of relevant documents found in the first k.
func Recall(ranked []string, rel map[string]int, k int) float64 {
	total := 0
	for _, g := range rel {
		if g > 0 {
			total++
		}
	}
	if total == 0 {
		return 0
	}
	found := 0
	for i, id := range ranked {
		if i == k {
			break
		}
		if rel[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(total)
}

// MRR is the reciprocal rank of the first relevant document within k.
func MRR(ranked []string, rel map[string]int, k int) float64 {
	for i, id := range ranked {
		if i == k {
			break
		}
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

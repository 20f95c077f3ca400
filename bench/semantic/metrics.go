package main

import (
	"math"
	"sort"
)

// hit is one retrieved document (index into the dataset) and its score.
type hit struct {
	Doc   int
	Score float64
}

func sortHits(h []hit) {
	sort.Slice(h, func(i, j int) bool {
		if h[i].Score != h[j].Score {
			return h[i].Score > h[j].Score
		}
		return h[i].Doc < h[j].Doc
	})
}

// ndcg computes nDCG@k with graded gains as pytrec_eval does (gain = grade).
func ndcg(ds *dataset, q query, run []hit, k int) float64 {
	var dcg float64
	for i, h := range run[:min(k, len(run))] {
		if g := q.rel[ds.docIDs[h.Doc]]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(q.rel))
	for _, g := range q.rel {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	var idcg float64
	for i, g := range grades[:min(k, len(grades))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func recall(ds *dataset, q query, run []hit, k int) float64 {
	var n int
	for _, h := range run[:min(k, len(run))] {
		if q.rel[ds.docIDs[h.Doc]] > 0 {
			n++
		}
	}
	return float64(n) / float64(len(q.rel))
}

// score is the mean nDCG@10 and Recall@100 of runs.
func score(ds *dataset, runs [][]hit) (nd, rc float64) {
	for i, q := range ds.queries {
		nd += ndcg(ds, q, runs[i], 10)
		rc += recall(ds, q, runs[i], 100)
	}
	n := float64(len(ds.queries))
	return nd / n, rc / n
}

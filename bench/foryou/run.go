package main

import (
	"fmt"
	"math"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/foryou"
)

// run ranks the month for every reader with every ranker and prints a
// Markdown table of mean recall@50 and nDCG@10 by kind of reader.
func run(c *corpus, model embed.Embedder, readers []reader) {
	kinds := map[string]int{}
	for _, r := range readers {
		kinds[r.kind]++
	}
	fmt.Printf("readers: %d authors, %d category clusters\n\n", kinds["author"], kinds["cluster"])
	rk := foryou.NewRanker()
	rankers := []ranker{
		newestInCategories(c),
		hybridSearch(c, model),
		modelRanker("centroid (vector weight 0.15)", c, rk, foryou.Options{Method: foryou.MethodCentroid}),
		modelRanker("centroid, vectors only", c, rk, foryou.Options{Method: foryou.MethodCentroid, VecWeight: 1}),
		modelRanker("centroid, keywords only", c, rk, foryou.Options{Method: foryou.MethodCentroid, VecWeight: -1}),
		modelRanker("SVM (default: λ=1e-3, vector weight 0.15)", c, rk, foryou.Options{Method: foryou.MethodSVM}),
		modelRanker("SVM, λ=1e-4", c, rk, foryou.Options{Method: foryou.MethodSVM, Lambda: 1e-4}),
		modelRanker("SVM, λ=1e-2", c, rk, foryou.Options{Method: foryou.MethodSVM, Lambda: 1e-2}),
		modelRanker("SVM, vector weight 0.5", c, rk, foryou.Options{Method: foryou.MethodSVM, VecWeight: 0.5}),
		modelRanker("SVM, vector weight 0.3", c, rk, foryou.Options{Method: foryou.MethodSVM, VecWeight: 0.3}),
		modelRanker("SVM, vector weight 0.7", c, rk, foryou.Options{Method: foryou.MethodSVM, VecWeight: 0.7}),
		modelRanker("SVM, vectors only", c, rk, foryou.Options{Method: foryou.MethodSVM, VecWeight: 1}),
		modelRanker("SVM, keywords only", c, rk, foryou.Options{Method: foryou.MethodSVM, VecWeight: -1}),
	}
	fmt.Println("| ranker | authors recall@50 | authors nDCG@10 | clusters recall@50 | clusters nDCG@10 | ms per reader |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, rnk := range rankers {
		var spent time.Duration
		rnk = timed(rnk, &spent)
		rec, ndcg := map[string]float64{}, map[string]float64{}
		for _, r := range readers {
			ids := rnk.rank(r)
			rec[r.kind] += recallAt(ids, r.wanted, 50)
			ndcg[r.kind] += ndcgAt(ids, r.wanted, 10)
		}
		mean := func(m map[string]float64, k string) float64 { return m[k] / math.Max(1, float64(kinds[k])) }
		fmt.Printf("| %s | %.3f | %.3f | %.3f | %.3f | %.1f |\n", rnk.name,
			mean(rec, "author"), mean(ndcg, "author"), mean(rec, "cluster"), mean(ndcg, "cluster"),
			float64(spent.Microseconds())/1000/float64(len(readers)))
	}
}

// recallAt is the share of the wanted papers among the first k ids.
func recallAt(ids []string, wanted map[string]bool, k int) float64 {
	hit := 0
	for _, id := range ids[:min(k, len(ids))] {
		if wanted[id] {
			hit++
		}
	}
	return float64(hit) / float64(len(wanted))
}

// ndcgAt is the normalised discounted cumulative gain of the first k ids,
// each wanted paper worth 1.
func ndcgAt(ids []string, wanted map[string]bool, k int) float64 {
	var dcg, ideal float64
	for i, id := range ids[:min(k, len(ids))] {
		if wanted[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	for i := range min(k, len(wanted)) {
		ideal += 1 / math.Log2(float64(i+2))
	}
	return dcg / ideal
}

// Command tune sweeps the BM25F parameters (k1, per-field b and weights) on a
// BEIR collection's TRAIN split and prints nDCG@10 for each setting, best
// last. Only train judgments may be used to choose DefaultParams.
//
//	go run ./bench/search/tune /path/to/scifact-train
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"sort"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/eval"
)

func main() {
	split := flag.String("split", "train", "qrels split (tune on train only)")
	flag.Parse()
	ds, err := eval.Load(flag.Arg(0), *split)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	m := &eval.Memory{Params: search.DefaultParams()}
	papers, back := eval.Papers(ds.Docs)
	if err := m.Ingest(ctx, papers); err != nil {
		log.Fatal(err)
	}
	score := func(p search.Params) float64 {
		m.Index().SetParams(p)
		total := 0.0
		for _, q := range ds.Queries {
			ids, _ := m.Search(ctx, q.Text, 10)
			for i, id := range ids {
				ids[i] = back[id]
			}
			total += eval.NDCG(ids, ds.Qrels[q.ID], 10)
		}
		return total / float64(len(ds.Queries))
	}
	type result struct {
		p search.Params
		s float64
	}
	var results []result
	if flag.Arg(1) == "quick" {
		fmt.Printf("default: ndcg@10=%.4f\n", score(search.DefaultParams()))
		return
	}
	for _, k1 := range []float64{0.9, 1.2, 1.5, 1.8} {
		for _, bt := range []float64{0.3, 0.6, 0.9} {
			for _, ba := range []float64{0.6, 0.75, 0.9, 1.0} {
				for _, wt := range []float64{1.5, 2, 3, 4} {
					p := search.DefaultParams()
					p.K1 = k1
					p.B[search.FieldTitle], p.B[search.FieldAbstract] = bt, ba
					p.Weight[search.FieldTitle] = wt
					results = append(results, result{p, score(p)})
				}
			}
		}
	}
	sort.Slice(results, func(i, j int) bool { return results[i].s < results[j].s })
	for _, r := range results[max(0, len(results)-15):] {
		fmt.Printf("ndcg@10=%.4f k1=%.2f b_title=%.2f b_abstract=%.2f w_title=%.1f\n",
			r.s, r.p.K1, r.p.B[search.FieldTitle], r.p.B[search.FieldAbstract], r.p.Weight[search.FieldTitle])
	}
	fmt.Printf("default: ndcg@10=%.4f\n", score(search.DefaultParams()))
}

// Command foryou measures the "For you" ranking offline on the daily arXiv
// crawl. It simulates readers whose likes are known: an author's earlier
// papers (or the earlier papers of a cluster of papers sharing one set of
// categories) are what they liked, and their papers of the next month are
// what they would want. Those are hidden among every paper of that month;
// each ranker orders the month, and recall@50 and nDCG@10 of the wanted
// papers are reported for the For-you models and two baselines: the newest
// papers in the reader's categories, and hybrid search with the liked
// titles as the query.
//
//	go run ./bench/foryou -data ../shared/data/arxiv-daily
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"time"

	"github.com/paperwire/paperwire/embed/demomodel"
)

func main() {
	data := flag.String("data", "../shared/data/arxiv-daily", "directory of the daily crawl (YYYY-MM-DD.jsonl.gz)")
	cut := flag.String("cutoff", "2026-05-01", "first day of the hidden month")
	history := flag.Int("history", 180, "days before the cutoff whose papers can be likes")
	window := flag.Int("window", 30, "days after the cutoff whose papers are ranked")
	users := flag.Int("users", 200, "simulated readers of each kind")
	maxLikes := flag.Int("likes", 20, "most likes a reader has (their latest)")
	flag.Parse()

	cutoff, err := time.Parse("2006-01-02", *cut)
	if err != nil {
		log.Fatal(err)
	}
	from, to := cutoff.AddDate(0, 0, -*history), cutoff.AddDate(0, 0, *window)
	t0 := time.Now()
	papers, err := loadDaily(*data, from, to)
	if err != nil {
		log.Fatal(err)
	}
	model, err := demomodel.Model()
	if err != nil {
		log.Fatal(err)
	}
	if err := embedAll(context.Background(), model, papers); err != nil {
		log.Fatal(err)
	}
	c := newCorpus(papers, cutoff)
	fmt.Printf("corpus: %d papers listed %s … %s, %d in the hidden month; model %s; loaded and embedded in %s\n",
		len(papers), from.Format("2006-01-02"), to.AddDate(0, 0, -1).Format("2006-01-02"), len(c.cands), model.Name(), time.Since(t0).Round(time.Second))
	host, _ := os.Hostname()
	fmt.Printf("machine: %s, %d CPUs, %s\n", host, runtime.NumCPU(), runtime.Version())

	sims := append(authorReaders(c, *users, *maxLikes), clusterReaders(c, *users, *maxLikes)...)
	run(c, model, sims)
}

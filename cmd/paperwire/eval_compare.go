package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/eval"
)

// evalModeAll is `paperwire eval --mode all`: every ranking over one ingest
// and one trained model, so the figures compare like for like.
const evalModeAll = "all"

// evalModes are the rankings --mode all reports, in column order: BM25F
// alone (the baseline), keyword search with term proximity, the vectors, hybrid.
var evalModes = []string{search.ModeLexical, eval.ModeKeyword, search.ModeVector, search.ModeHybrid}

// comparison is the JSON of --mode all --json. The keys are stable.
type comparison struct {
	Dataset      string        `json:"dataset"`
	Split        string        `json:"split"`
	Docs         int           `json:"docs"`
	Queries      int           `json:"queries"`
	IndexSeconds float64       `json:"index_seconds"`
	Reports      []eval.Report `json:"reports"` // one per mode: bm25, bm25+prox, vector, hybrid
}

// printComparison writes the reports of one --mode all run as one JSON
// object or as a table with a column per mode.
func printComparison(env *Env, split string, reps []eval.Report, asJSON bool) error {
	for i := range reps {
		reps[i].Split = split
	}
	c := comparison{Split: split, Reports: reps}
	if len(reps) > 0 {
		c.Dataset, c.Docs, c.Queries, c.IndexSeconds = reps[0].Dataset, reps[0].Docs, reps[0].Queries, reps[0].IndexSeconds
	}
	if asJSON {
		return json.NewEncoder(env.Stdout).Encode(c)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(env.Stdout, "dataset %s (%s): %d docs, %d queries, indexed and trained in %.2f s\n",
		c.Dataset, split, c.Docs, c.Queries, c.IndexSeconds)
	row := func(name string, f func(eval.Report) string) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, r := range reps {
			fmt.Fprintf(tw, "%s\t", f(r))
		}
		fmt.Fprintln(tw)
	}
	row("", func(r eval.Report) string { return r.Mode })
	row("nDCG@10", func(r eval.Report) string { return fmt.Sprintf("%.4f", r.NDCG10) })
	row("Recall@100", func(r eval.Report) string { return fmt.Sprintf("%.4f", r.Recall100) })
	row("MRR@10", func(r eval.Report) string { return fmt.Sprintf("%.4f", r.MRR10) })
	row("p50 ms", func(r eval.Report) string { return fmt.Sprintf("%.2f", r.P50Ms) })
	row("p99 ms", func(r eval.Report) string { return fmt.Sprintf("%.2f", r.P99Ms) })
	return tw.Flush()
}

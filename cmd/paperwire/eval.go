package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"text/tabwriter"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/eval"
)

// runEval measures search quality on a BEIR-layout directory. The corpus is
// imported into a fresh temporary data directory through the store and the
// index sync, exactly as an import would (for vector and hybrid modes this
// includes training the embedding model on the corpus and embedding every
// paper); the directory is removed after.
func runEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "eval")
	split := fs.String("split", "test", "qrels `split` to evaluate (qrels/SPLIT.tsv)")
	mode := fs.String("mode", search.ModeHybrid, "ranking: bm25 (BM25F alone), bm25+prox (keyword search: BM25F with term proximity), vector, hybrid, or all four side by side from one ingest (vector, hybrid and all train the built-in embedding model on the corpus first)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	keep := fs.String("keep", "", "use this data `directory` instead of a temporary one, and keep it")
	seed := fs.Uint64("seed", 0, "random seed of the embedding model's training (vector and hybrid modes)")
	weight := fs.Float64("weight", search.DefaultFusion().Weight, "hybrid: the vectors' share of the score blend, 0 to 1")
	titleWeight := fs.Float64("title-weight", search.DefaultFusion().TitleWeight, "hybrid: the vectors' share for queries in the form of a paper title (0: --weight)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"want exactly one BEIR directory"}
	}
	switch *mode {
	case search.ModeLexical, eval.ModeKeyword, search.ModeHybrid, search.ModeVector, evalModeAll:
	default:
		return usageError{fmt.Sprintf("unknown mode %q (want bm25, bm25+prox, vector, hybrid or all)", *mode)}
	}
	if *weight < 0 || *weight > 1 || *titleWeight < 0 || *titleWeight > 1 {
		return usageError{"--weight and --title-weight must be between 0 and 1"}
	}
	fusion := search.DefaultFusion()
	fusion.Weight, fusion.TitleWeight = *weight, *titleWeight
	ds, err := eval.Load(pos[0], *split)
	if err != nil {
		return err
	}
	dir := *keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "paperwire-eval-*"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	in, err := openInstance(ctx, env, dir)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := in.OpenLexical(ctx); err != nil {
		return err
	}
	pipe := &eval.Pipeline{Writer: in.Papers, Lexical: in.Lexical(), Mode: *mode,
		Engine: search.NewEngine(in.Lexical(), nil, fusion, env.Logger)}
	if *mode != search.ModeLexical && *mode != eval.ModeKeyword {
		// What an import does after loading a corpus: train the built-in model
		// on it (never on the queries or judgments), then embed every paper.
		pipe.AfterIngest = func(ctx context.Context) error {
			opts := embed.DefaultTrainOptions()
			opts.Seed = *seed
			if err := in.RetrainIfGrown(ctx, opts, math.MaxInt); err != nil { // the whole corpus was just loaded
				return err
			}
			sem := in.OpenSemantic(ctx)
			if sem == nil {
				return fmt.Errorf("--mode %s needs a semantic layer, and none could be opened", *mode)
			}
			pipe.Engine = search.NewEngine(in.Lexical(), sem, fusion, env.Logger)
			return nil
		}
	}
	if *mode == evalModeAll {
		reps, err := eval.Compare(ctx, ds, pipe, evalModes, env.Logger)
		if err != nil {
			return err
		}
		return printComparison(env, *split, reps, *asJSON)
	}
	rep, err := eval.Run(ctx, ds, pipe, env.Logger)
	if err != nil {
		return err
	}
	rep.Split, rep.Mode = *split, *mode
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(rep)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "dataset\t%s (%s, %s)\n", rep.Dataset, rep.Split, rep.Mode)
	fmt.Fprintf(tw, "nDCG@10\t%.4f\n", rep.NDCG10)
	fmt.Fprintf(tw, "Recall@100\t%.4f\n", rep.Recall100)
	fmt.Fprintf(tw, "MRR@10\t%.4f\n", rep.MRR10)
	fmt.Fprintf(tw, "docs\t%d\n", rep.Docs)
	fmt.Fprintf(tw, "queries\t%d\n", rep.Queries)
	fmt.Fprintf(tw, "index time\t%.2f s (%.0f docs/s)\n", rep.IndexSeconds, rep.DocsPerSec)
	fmt.Fprintf(tw, "query latency\tp50 %.2f ms, p99 %.2f ms\n", rep.P50Ms, rep.P99Ms)
	return tw.Flush()
}

// parseInterleaved parses flags given before or after the positional
// arguments ("paperwire eval DIR --split test") and returns the positionals.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paperwire/paperwire/embed"
)

// runEmbeddings handles `paperwire embeddings train`: it trains the built-in
// embedding model on every paper in the data directory
// (Instance.TrainEmbeddings) and prints what it made.
func runEmbeddings(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "train" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			args = []string{"train", "--help"}
		} else {
			return usageError{"expected the subcommand 'train'"}
		}
	}
	fs := newFlagSet(env, "embeddings")
	storeAt := addStoreFlags(fs, env)
	epochs := fs.Int("epochs", 0, "training passes (0: chosen from the corpus size)")
	dim := fs.Int("dim", 300, "vector size")
	seed := fs.Uint64("seed", 1, "random seed; the same seed and papers give the same model")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *dim < 100 || *dim > 1024 {
		return usageError{"--dim must be between 100 and 1024"}
	}
	if err := servePprof(ctx, env); err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	opts := embed.DefaultTrainOptions()
	opts.Epochs, opts.Dim, opts.Seed = *epochs, *dim, *seed
	start := time.Now()
	t, err := in.TrainEmbeddings(ctx, opts)
	if err != nil {
		return err
	}
	out := struct {
		Model   string  `json:"model"`
		Path    string  `json:"path"`
		Papers  int     `json:"papers"`
		Seq     int64   `json:"seq"`
		Words   int     `json:"words"`
		Dim     int     `json:"dim"`
		Seconds float64 `json:"seconds"`
	}{t.Model.Name(), t.Path, t.Model.Docs(), t.Seq, t.Model.VocabSize(), t.Model.Dim(), time.Since(start).Seconds()}
	if *asJSON {
		return json.NewEncoder(env.Stdout).Encode(out)
	}
	fmt.Fprintf(env.Stdout, "trained %s on %d papers (%d words × %d) in %.1fs\nsaved %s\n",
		out.Model, out.Papers, out.Words, out.Dim, out.Seconds, out.Path)
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// runReindex rebuilds the derived search index from the database.
func runReindex(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reindex")
	dataDir := dataDirFlag(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := openApp(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	// Vectors are derived state like the keyword index: without their file,
	// opening the semantic layer embeds every paper again from the database.
	if err := os.Remove(vectorsFile(*dataDir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := a.openSearch(ctx, env); err != nil {
		return err
	}
	start := time.Now()
	n, err := a.lex.Rebuild(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "reindexed %d papers in %.1fs (seq %d)\n", n, time.Since(start).Seconds(), a.lex.Index().Seq())
	if a.vectors != nil {
		fmt.Fprintf(env.Stdout, "embedded %d papers with %s\n", a.vectors.Index().Len(), a.vectors.Index().Model())
	}
	return nil
}

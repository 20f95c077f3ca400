package main

import (
	"context"
	"fmt"
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
	if err := a.openSearch(ctx, env); err != nil {
		return err
	}
	start := time.Now()
	n, err := a.lex.Rebuild(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "reindexed %d papers in %.1fs (seq %d)\n", n, time.Since(start).Seconds(), a.lex.Index().Seq())
	return nil
}

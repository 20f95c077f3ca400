package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paperwire/paperwire/search"
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
	// Both indexes are derived state: without their files, opening them
	// builds each from the database's change feed, side by side.
	for _, f := range []string{vectorsFile(*dataDir), filepath.Join(*dataDir, "index", search.SnapshotName)} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	start := time.Now()
	a.saveAtClose = true
	if err := a.openSearch(ctx, env); err != nil {
		return err
	}
	if err := a.lex.Save(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "reindexed %d papers in %.1fs (seq %d)\n", a.lex.Index().Len(), time.Since(start).Seconds(), a.lex.Index().Seq())
	if a.vectors != nil {
		if err := a.vectors.Save(); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "embedded %d papers with %s\n", a.vectors.Index().Len(), a.vectors.Index().Model())
	}
	return nil
}

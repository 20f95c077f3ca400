package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/paperwire/paperwire/instance"
)

// runReindex rebuilds both search indexes from the database
// (Instance.RebuildIndexes) and prints what it wrote.
func runReindex(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reindex")
	storeAt := addStoreFlags(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := servePprof(ctx, env); err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	start := time.Now()
	progress, done := reindexProgress(ctx, env, in)
	r, err := in.RebuildIndexes(ctx, progress)
	done()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "reindexed %d papers in %.1fs (seq %d)\n", r.Papers, time.Since(start).Seconds(), r.Seq)
	if r.Embedder != "" {
		fmt.Fprintf(env.Stdout, "embedded %d papers with %s\n", r.Vectors, r.Embedder)
	}
	return nil
}

// reindexProgress returns a progress callback that shows a bar of papers
// read when stderr is a terminal, else nil (the build logs a line every few
// seconds either way); done finishes the bar.
func reindexProgress(ctx context.Context, env *Env, in *instance.Instance) (progress func(read int), done func()) {
	f, ok := env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	sum, err := in.Papers.Summary(ctx)
	if err != nil {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(sum.Papers, progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("reindex"), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30))
	return func(read int) { _ = bar.Set(read) }, func() { _ = bar.Finish() }
}

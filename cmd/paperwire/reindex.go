package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// runReindex rebuilds both search indexes from the database, with memory
// that does not grow with the corpus (indexBuild). The old files serve until
// the new ones replace them at the end.
func runReindex(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reindex")
	dataDir := dataDirFlag(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	defer limitHeap(env, buildHeapLimit)()
	a, err := openApp(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	ib, err := a.newIndexBuild(ctx, env, true)
	if err != nil {
		return err
	}
	defer ib.abort()
	done := reindexProgress(ctx, env, a, ib)
	err = ib.buildAll(ctx)
	done()
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "reindexed %d papers in %.1fs (seq %d)\n", ib.lex.Len(), time.Since(start).Seconds(), ib.lex.Seq())
	if ib.vecs != nil {
		fmt.Fprintf(env.Stdout, "embedded %d papers with %s\n", ib.vectors, ib.emb.Name())
	}
	return nil
}

// reindexProgress shows a progress bar of papers read when stderr is a
// terminal (the build logs a line every few seconds either way); done
// finishes it.
func reindexProgress(ctx context.Context, env *Env, a *app, ib *indexBuild) (done func()) {
	f, ok := env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	sum, err := a.papers.Summary(ctx)
	if err != nil {
		return func() {}
	}
	bar := progressbar.NewOptions(sum.Papers, progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("reindex"), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30))
	ib.progress = func(read int) { _ = bar.Set(read) }
	return func() { _ = bar.Finish() }
}

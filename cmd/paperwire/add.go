package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/ingest"
)

func runAdd(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "add")
	storeAt := addStoreFlags(fs, env)
	apiURL := fs.String("api-url", envOr(env, "PAPERWIRE_API_URL", arxiv.DefaultAPIURL), "arXiv Atom API `URL` (env PAPERWIRE_API_URL)")
	delay := fs.Duration("delay", arxiv.DefaultDelay, "pause between requests; arXiv's terms ask for 3s")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"no arXiv ids given"}
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	client := arxiv.NewAPIClient(*apiURL, arxiv.Options{Delay: max(*delay, time.Nanosecond), Logger: env.Logger})
	res, err := client.Lookup(ctx, fs.Args())
	if paperwire.ErrorCode(err) == paperwire.EINVALID {
		return usageError{paperwire.ErrorMessage(err)}
	} else if err != nil {
		return err
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(env.Stderr, "skipped %s\n", s)
	}
	for _, id := range res.Missing {
		fmt.Fprintf(env.Stderr, "not found on arXiv: %s\n", id)
	}
	if len(res.Papers) == 0 {
		return fmt.Errorf("none of the %d ids was found on arXiv", fs.NArg())
	}
	// One paper at a time, so each line can say what happened to it; an add
	// is a handful of papers.
	var total paperwire.UpsertResult
	for _, raw := range res.Papers {
		p, err := ingest.Normalize(&ingest.Record{Paper: *raw}, time.Now())
		if err != nil {
			fmt.Fprintf(env.Stderr, "skipped %s: %v\n", raw.ID, err)
			continue
		}
		r, err := in.Papers.UpsertPapers(ctx, []*paperwire.Paper{p})
		if err != nil {
			return fmt.Errorf("storing %s: %w", p.ID, err)
		}
		total.Add(r)
		what := "unchanged"
		if r.New > 0 {
			what = "added"
		} else if r.Updated > 0 {
			what = "updated"
		}
		fmt.Fprintf(env.Stdout, "%-9s %s  %s\n", what, p.ID, p.Title)
	}
	fmt.Fprintf(env.Stdout, "%d new, %d updated, %d unchanged, %d not found\n", total.New, total.Updated, total.Unchanged, len(res.Missing))
	return nil
}

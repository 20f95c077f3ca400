package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// searchHit is one line of `paperwire search --json`.
type searchHit struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

func runSearch(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "search")
	storeAt := addStoreFlags(fs, env)
	asJSON := fs.Bool("json", false, "print a JSON array of {id, title, score}, best first")
	limit := fs.Int("limit", 10, "number of results (at most 1000)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"want a query"}
	}
	if *limit < 1 || *limit > search.MaxLimit {
		return usageError{fmt.Sprintf("--limit must be between 1 and %d", search.MaxLimit)}
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := in.OpenSearch(ctx); err != nil {
		return err
	}
	res, err := in.Engine().Search(ctx, search.Request{Query: query.Parse(strings.Join(fs.Args(), " ")), Limit: *limit}, "")
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]searchHit, len(res.Hits))
		for i, h := range res.Hits {
			out[i] = searchHit{ID: h.ID, Title: h.Title, Score: h.Score}
		}
		return json.NewEncoder(env.Stdout).Encode(out)
	}
	for _, h := range res.Hits {
		mark := ""
		if h.Withdrawn {
			mark = " [withdrawn]"
		}
		fmt.Fprintf(env.Stdout, "%-16s %7.3f  %s%s\n", h.ID, h.Score, oneLine(h.Title), mark)
	}
	fmt.Fprintf(env.Stderr, "%d of %d matches\n", len(res.Hits), res.Total)
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

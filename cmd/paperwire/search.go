package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
	"github.com/paperwire/paperwire/sqlite"
)

// searchDBPath is the database file inside a data directory.
func searchDBPath(dataDir string) string { return filepath.Join(dataDir, "paperwire.db") }

// openSearch opens the data directory's store and its lexical index, caught up.
func openSearch(ctx context.Context, env *Env, dataDir string) (*sqlite.DB, *search.Lexical, error) {
	db, err := sqlite.Open(ctx, searchDBPath(dataDir))
	if err != nil {
		return nil, nil, err
	}
	lex, err := search.OpenLexical(ctx, dataDir, sqlite.NewPaperStore(db), search.Options{Logger: env.Logger})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, lex, nil
}

// searchHit is one line of `paperwire search --json`.
type searchHit struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

func runSearch(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "search")
	dataDir := dataDirFlag(fs, env)
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
	db, lex, err := openSearch(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	defer lex.Close()
	engine := search.NewEngine(lex, nil, search.DefaultFusion(), env.Logger)
	res, err := engine.Search(ctx, search.Request{Query: query.Parse(strings.Join(fs.Args(), " ")), Limit: *limit}, "")
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

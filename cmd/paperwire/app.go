package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/vector"
)

// app holds an opened data directory: the database, which is the source of
// truth, and the search indexes derived from it (opened only by the commands
// that need them).
type app struct {
	dataDir string
	db      *sqlite.DB
	papers  *sqlite.PaperStore
	lex     *search.Lexical // nil until openSearch
	vectors *vector.Synced  // nil until openSearch, or when semantic search is off
	search  *search.Engine  // nil until openSearch
}

// dbPath is the database file inside a data directory.
func dbPath(dataDir string) string { return filepath.Join(dataDir, "paperwire.db") }

// openApp creates the data directory if needed and opens the database in it.
func openApp(ctx context.Context, env *Env, dataDir string) (*app, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	db, err := sqlite.Open(ctx, dbPath(dataDir))
	if err != nil {
		return nil, err
	}
	return &app{dataDir: dataDir, db: db, papers: sqlite.NewPaperStore(db)}, nil
}

// openSearch loads the lexical and vector indexes, catches them up with the
// database and builds the search engine over them.
func (a *app) openSearch(ctx context.Context, env *Env) error {
	lex, err := search.OpenLexical(ctx, a.dataDir, a.papers, search.Options{Logger: env.Logger})
	if err != nil {
		return err
	}
	a.lex = lex
	a.search = search.NewEngine(lex, a.openSemantic(ctx, env), search.DefaultFusion(), env.Logger)
	return nil
}

// catchupSearch applies the database's latest changes to the indexes.
func (a *app) catchupSearch(ctx context.Context) error {
	if _, err := a.lex.Catchup(ctx); err != nil {
		return err
	}
	if a.vectors != nil {
		if _, err := a.vectors.Catchup(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Close saves the search index snapshot and closes the database.
func (a *app) Close() error {
	var err error
	if a.lex != nil {
		err = a.lex.Close()
	}
	if a.vectors != nil {
		if verr := a.vectors.Close(); err == nil {
			err = verr
		}
	}
	if cerr := a.db.Close(); err == nil {
		err = cerr
	}
	return err
}

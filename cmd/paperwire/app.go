package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"time"

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
	// saveAtClose makes the indexes save their files only when closed, not
	// every 20,000 changes: for an import that builds them, where a crash
	// just means catching up from the database again.
	saveAtClose bool
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
// database and builds the search engine over them. The two indexes are
// opened side by side: after a large import each has a catch-up to do, and
// keyword analysis and embedding then use a core each. Index files missing
// for a large database are first built with bounded memory (buildMissing).
func (a *app) openSearch(ctx context.Context, env *Env) error {
	if err := a.buildMissing(ctx, env, buildOnOpenMin); err != nil {
		return fmt.Errorf("build search indexes: %w", err)
	}
	var sem *search.Semantic
	semDone := make(chan struct{})
	go func() {
		defer close(semDone)
		sem = a.openSemantic(ctx, env)
	}()
	opts := search.Options{Logger: env.Logger}
	if a.saveAtClose {
		opts.SaveEvery = math.MaxInt
	}
	lex, err := search.OpenLexical(ctx, a.dataDir, a.papers, opts)
	<-semDone
	if a.vectors != nil && a.saveAtClose {
		a.vectors.SaveEvery = math.MaxInt
	}
	if err != nil {
		if a.vectors != nil {
			a.vectors.Close()
			a.vectors = nil
		}
		return err
	}
	a.lex = lex
	a.search = search.NewEngine(lex, sem, search.DefaultFusion(), env.Logger)
	return nil
}

// catchupSearch applies the database's latest changes to both indexes, side
// by side.
func (a *app) catchupSearch(ctx context.Context) error {
	var verr error
	vecDone := make(chan struct{})
	go func() {
		defer close(vecDone)
		if a.vectors != nil {
			_, verr = a.vectors.Catchup(ctx)
		}
	}()
	_, err := a.lex.Catchup(ctx)
	<-vecDone
	return errors.Join(err, verr)
}

// followSearch catches the indexes up every interval until ctx ends, so
// writes made by another process (a CLI import into the same database)
// reach a running server. Errors are logged and retried on the next tick.
func (a *app) followSearch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.catchupSearch(ctx); err != nil && ctx.Err() == nil {
				log.Warn("search index catch-up failed", "err", err)
			}
		}
	}
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

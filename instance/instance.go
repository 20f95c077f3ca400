// Package instance is one Paperwire instance: its store (SQLite in the data
// directory, or a PostgreSQL database several instances share) and the
// search indexes derived from it in its data directory.
//
// Every command works on a data directory the same way: open the database,
// which is the source of truth; open the keyword and vector indexes and catch
// them up with the database's change feed (building them first, with bounded
// memory, when a large database has none); keep them following writes made by
// other processes; close it all in order. That life cycle lives here, so that
// cmd/paperwire only parses flags and the environment, wires an Instance to
// the web, ingest and arXiv packages, and prints.
package instance

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/vector"
)

// Options configure Open.
type Options struct {
	// DataDir holds the indexes derived from the database, and the SQLite
	// database itself when DatabaseURL is empty; Open creates it if needed.
	DataDir string
	// DatabaseURL, postgres://…, puts the store in PostgreSQL instead.
	DatabaseURL string
	// Schema says what to do with pending schema migrations: by default
	// they are applied; see store.Options.
	Schema store.Options
	// Logger receives progress lines and the warnings that do not stop the
	// instance (semantic search off, a failed catch-up). Nil discards.
	Logger *slog.Logger
	// Getenv reads the settings an instance takes from the environment:
	// PAPERWIRE_EMBEDDER and its PAPERWIRE_EMBEDDINGS_* companions, and the
	// user's GOGC and GOMEMLIMIT, which win over the memory limits set here.
	// Nil is os.Getenv; tests pass their own so the process's environment
	// does not leak in.
	Getenv func(string) string
}

// Instance is an opened data directory: the store, and the search indexes
// once OpenSearch (or OpenLexical) has opened them. Close it when done.
type Instance struct {
	// Papers is the store, the source of truth every index is derived from.
	Papers *store.PaperStore
	// Users keeps accounts, sessions, tokens and the audit log.
	Users *store.UserStore
	// DB is the database beneath Papers: its dialect, migrations, leases,
	// change notifications and backup.
	DB *store.DB

	dataDir string
	log     *slog.Logger
	getenv  func(string) string

	lex     *search.Lexical // nil until OpenSearch or OpenLexical
	vectors *vector.Synced  // nil until OpenSearch or OpenSemantic, and while semantic search is off
	engine  *search.Engine  // nil until OpenSearch
	// saveAtClose makes the indexes save their files only when closed, not
	// every 20,000 changes: for an import that builds them, where a crash
	// just means catching up from the database again.
	saveAtClose bool
	// trained is the corpus a first import followed, once the model is
	// trained on it: WriteIndexFiles makes the vectors from its word ids.
	trained *embed.CorpusFollower
}

// Open creates the data directory if needed and opens the database in it.
// The search indexes are opened later, by the commands that need them.
func Open(ctx context.Context, opts Options) (*Instance, error) {
	in := &Instance{dataDir: opts.DataDir, log: opts.Logger, getenv: opts.Getenv}
	if in.log == nil {
		in.log = slog.New(slog.DiscardHandler)
	}
	if in.getenv == nil {
		in.getenv = os.Getenv
	}
	if err := os.MkdirAll(in.dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := in.openStore(ctx, opts); err != nil {
		return nil, err
	}
	return in, nil
}

// DataDir is the directory holding the database and the indexes.
func (in *Instance) DataDir() string { return in.dataDir }

// Ping reports whether the database answers (the server's readiness check).
func (in *Instance) Ping(ctx context.Context) error { return in.DB.Ping(ctx) }

// Close saves the indexes' files and closes them, then the database; the
// first error wins.
func (in *Instance) Close() error {
	var err error
	if in.lex != nil {
		err = in.lex.Close()
	}
	if in.vectors != nil {
		if verr := in.vectors.Close(); err == nil {
			err = verr
		}
	}
	if cerr := in.DB.Close(); err == nil {
		err = cerr
	}
	return err
}

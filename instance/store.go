package instance

import (
	"context"
	"path/filepath"

	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

// dbPath is the SQLite database file inside a data directory.
func dbPath(dataDir string) string { return filepath.Join(dataDir, "paperwire.db") }

// openStore opens the database, PostgreSQL when Options.DatabaseURL names
// one and SQLite in the data directory otherwise, and sets Papers and db.
// Both are the same store (package store) in two dialects.
func (in *Instance) openStore(ctx context.Context, opts Options) error {
	var db *store.DB
	var err error
	if opts.DatabaseURL != "" {
		db, err = postgres.Open(ctx, opts.DatabaseURL, opts.Schema)
	} else {
		db, err = sqlite.Open(ctx, dbPath(in.dataDir), opts.Schema)
	}
	if err != nil {
		return err
	}
	in.Papers, in.Users, in.DB = store.NewPaperStore(db), store.NewUserStore(db), db
	return nil
}

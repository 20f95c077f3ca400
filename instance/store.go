package instance

import (
	"context"

	"github.com/paperwire/paperwire/sqlite"
)

// database is what an Instance needs of the connection beneath its store
// besides the papers: a health check, and a close after the indexes'.
type database interface {
	Ping(ctx context.Context) error
	Close() error
}

// openStore opens the database of the data directory and sets Papers and db.
// It is the one place that picks the database, so that a choice between
// SQLite and PostgreSQL goes here.
func (in *Instance) openStore(ctx context.Context) error {
	db, err := sqlite.Open(ctx, dbPath(in.dataDir))
	if err != nil {
		return err
	}
	in.Papers, in.db = sqlite.NewPaperStore(db), db
	return nil
}

package store

import (
	"context"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/paperwire/paperwire"
)

// Options say how a dialect's Open prepares the schema.
type Options struct {
	// NoMigrate leaves pending migrations to `paperwire migrate`: Open then
	// fails, saying so, when any is pending (serve --no-migrate, for
	// deployments that migrate as a separate step).
	NoMigrate bool
	// AllowPending opens the database without applying pending migrations
	// and without failing on them: for `paperwire migrate`, which applies
	// them itself and says which.
	AllowPending bool
}

// LoadMigrations reads the *.sql files of a dialect's embedded directory, in name order.
func LoadMigrations(fsys fs.FS, pattern string) ([]Migration, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Migration, 0, len(names))
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Name: name, SQL: string(body)})
	}
	return out, nil
}

// Prepare is the last step of every dialect's Open: it refuses a schema newer
// than this binary knows, then applies the pending migrations (or, with
// NoMigrate, fails when there are any).
func (db *DB) Prepare(ctx context.Context, opts ...Options) error {
	var o Options
	for _, x := range opts {
		o = x
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return err
	}
	if o.AllowPending {
		return nil
	}
	if len(pending) == 0 {
		return db.BackfillAuthors(ctx)
	}
	if o.NoMigrate {
		return paperwire.Errorf(paperwire.ECONFLICT, "The database %s needs %d schema migration(s) this version of Paperwire brings; run 'paperwire migrate'.", db.name, len(pending))
	}
	_, err = db.Migrate(ctx)
	return err
}

// PendingMigrations returns the names of the migrations not yet applied. It
// fails with ECONFLICT when the database records a migration this binary does
// not know: a newer Paperwire wrote that schema, and an older one must not
// write to it.
func (db *DB) PendingMigrations(ctx context.Context) ([]string, error) {
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(db.dialect.Migrations))
	var pending []string
	for _, m := range db.dialect.Migrations {
		known[m.Name] = true
		if !applied[m.Name] {
			pending = append(pending, m.Name)
		}
	}
	for name := range applied {
		if !known[name] {
			return nil, paperwire.Errorf(paperwire.ECONFLICT,
				"The database %s has schema migration %s, which this Paperwire (%s) does not know: a newer version wrote it. Upgrade Paperwire.",
				db.name, name, paperwire.Version)
		}
	}
	return pending, nil
}

// Migrate applies each pending migration in its own transaction, together
// with its record, and returns the names applied. Each transaction takes the
// dialect's write lock first and checks the record under it, so two
// instances starting at once apply every migration exactly once.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	if _, err := db.PendingMigrations(ctx); err != nil {
		return nil, err
	}
	var done []string
	for _, m := range db.dialect.Migrations {
		ok, err := db.applyMigration(ctx, m)
		if err != nil {
			return done, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if ok {
			done = append(done, m.Name)
		}
	}
	return done, db.BackfillAuthors(ctx)
}

func (db *DB) applyMigration(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM schema_migrations WHERE name = ?`), m.Name).Scan(&n); err != nil {
		return false, err
	} else if n > 0 {
		return false, nil // another instance applied it while we waited for the lock
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`),
		m.Name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// appliedMigrations reads the migration records, creating their table under
// the write lock when it is missing (concurrent CREATE TABLE IF NOT EXISTS
// can collide in PostgreSQL without it).
func (db *DB) appliedMigrations(ctx context.Context) (map[string]bool, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", db.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		applied[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return applied, tx.Commit()
}

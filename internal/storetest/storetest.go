// Package storetest opens real stores for tests: a SQLite file in the test's
// temporary directory, or a fresh database on a real PostgreSQL server
// (internal/pgtest). Each runs a test once on every store, which is how the
// one store test suite covers both dialects.
package storetest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

// Kinds are the stores Each runs a test on.
var Kinds = []string{"sqlite", "postgres"}

// Each runs f as a subtest named after each store kind, with a fresh store.
func Each(t *testing.T, f func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) { f(t, Open(t, kind)) })
	}
}

// Target returns what a store of kind is opened from: a new SQLite file path
// or a new PostgreSQL database URL (the form `--database-url` and `--data`
// take), without opening it.
func Target(tb testing.TB, kind string) string {
	tb.Helper()
	switch kind {
	case "sqlite":
		return filepath.Join(tb.TempDir(), "paperwire.db")
	case "postgres":
		return pgtest.URL(tb)
	}
	tb.Fatalf("unknown store kind %q", kind)
	return ""
}

// Open opens a fresh, migrated store of kind, closed when tb ends.
func Open(tb testing.TB, kind string) *store.DB {
	tb.Helper()
	db := OpenTarget(tb, kind, Target(tb, kind))
	tb.Cleanup(func() { db.Close() })
	return db
}

// OpenTarget opens (and migrates) the store of kind at target; the caller closes it.
func OpenTarget(tb testing.TB, kind, target string, opts ...store.Options) *store.DB {
	tb.Helper()
	db, err := OpenErr(kind, target, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// Raw opens a plain database/sql handle on the store of kind at target, for
// tests that must reach past the store (to plant a row it would refuse).
// Placeholders are the driver's own.
func Raw(tb testing.TB, kind, target string) *sql.DB {
	tb.Helper()
	driver, dsn := "sqlite", target
	if kind == "postgres" {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// OpenErr opens the store of kind at target and returns the error, for tests of failing opens.
func OpenErr(kind, target string, opts ...store.Options) (*store.DB, error) {
	if kind == "postgres" {
		return postgres.Open(context.Background(), target, opts...)
	}
	return sqlite.Open(context.Background(), target, opts...)
}

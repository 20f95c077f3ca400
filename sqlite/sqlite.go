// Package sqlite opens Paperwire's store on an embedded SQLite database
// (modernc.org/sqlite, pure Go): the default, and the store the bundled demo
// runs on. Everything above the connection (the domain's queries and rules)
// is package store, shared with PostgreSQL; this package holds the
// connection settings, the migrations and what only SQLite does (backup).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/paperwire/paperwire/store"
	sqlitedrv "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Open opens (creating if needed) the database file at path and prepares its
// schema (see store.DB.Prepare). It keeps two pools: one connection for
// writes (SQLite has a single writer; queuing in Go beats SQLITE_BUSY
// retries) and several for reads, which WAL lets run beside the writer.
func Open(ctx context.Context, path string, opts ...store.Options) (*store.DB, error) {
	migrations, err := store.LoadMigrations(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	db := store.New(store.Dialect{
		Name:       "sqlite",
		Migrations: migrations,
		// BEGIN IMMEDIATE (dsn's _txlock) already makes every write transaction the only one.
		CountAuthors: `SELECT count(DISTINCT a.value) FROM papers, json_each(papers.authors) AS a`,
		InsertRows:   64,
		Size: func(context.Context, *store.DB) (int64, error) {
			fi, err := os.Stat(path)
			if err != nil {
				return 0, err
			}
			return fi.Size(), nil
		},
		BackupSQL: `VACUUM INTO ?`,
		IsUnique: func(err error) bool {
			var e *sqlitedrv.Error
			return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
		},
		IsBusy: isBusy,
	}, write, read, path)
	if err := db.Prepare(ctx, opts...); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// dsn builds the connection string. WAL lets readers run beside the writer;
// synchronous=NORMAL is durable across process crashes in WAL mode (only a
// power loss can drop the last transactions); busy_timeout covers the rare
// case of another process holding the write lock.
func dsn(path string, write bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	if write {
		q.Set("_txlock", "immediate")
		q.Add("_pragma", "cache_size(-32000)")
		// The writer copies the write-ahead log back into the database every
		// 10,000 pages (40 MB) instead of SQLite's 1,000: a page that many
		// commits change in between (the author index's, a bulk import's) is
		// copied once instead of once per 4 MB of log.
		q.Add("_pragma", "wal_autocheckpoint(10000)")
	} else {
		q.Add("_pragma", "query_only(1)")
		// Readers keep SQLite's default cache (2 MB) each: the kernel's page
		// cache holds the file once for all of them, and eight private 32 MB
		// caches of the same pages made most of a server's memory beyond its
		// search indexes.
		q.Add("_pragma", "cache_size(-2000)")
	}
	return "file:" + path + "?" + q.Encode()
}

// isBusy reports whether err is SQLite's SQLITE_BUSY, primary or extended.
func isBusy(err error) bool {
	var e *sqlitedrv.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY
}

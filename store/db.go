// Package store keeps Paperwire's domain in a SQL database. It holds every rule
// the stores share (merging versions into a row, the change sequence,
// checkpoints, leases, migrations and their lock) written once over
// database/sql; the dialect packages (sqlite, postgres) supply only the driver,
// the connection settings, the migrations and the few statements whose text
// differs (a Dialect).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Dialect is what differs between SQL databases. Statements are written once
// with ? placeholders; a dialect with numbered placeholders has them
// rewritten ($1, $2, …) once per statement text.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Numbered says placeholders are $1, $2, … instead of ?.
	Numbered bool
	// Arrays says the driver binds Go slices as SQL arrays, so a batch is
	// read with one "= ANY(?)" and written with one unnest upsert.
	Arrays bool
	// Migrations are the dialect's schema changes, applied in name order.
	Migrations []Migration
	// LockWrites is run first in every transaction that assigns change
	// sequence numbers or applies a migration, so that concurrent writers
	// take seq values in commit order and a follower reading "seq > last"
	// never skips a row that commits later. "" when the database has a
	// single writer anyway (SQLite's BEGIN IMMEDIATE).
	LockWrites string
	// Notify, when set, is run with the new highest seq in the transaction
	// that wrote it; other instances listening hear of the change at commit.
	Notify string
	// CountAuthors counts distinct author names over every paper.
	CountAuthors string
	// InsertRows is how many rows one multi-row upsert writes: enough to cut
	// per-statement overhead, few enough to stay under the dialect's limit
	// on bound parameters.
	InsertRows int
	// Size returns the database's size in bytes.
	Size func(ctx context.Context, db *DB) (int64, error)
	// IsUnique reports whether err is a unique-constraint violation (a taken
	// user name, a second submission of a paper).
	IsUnique func(err error) bool
	// IsBusy reports whether err says another connection holds the database
	// lock and the driver gave up (SQLite can, busy timeout or not, while
	// several processes open one new file); nil when the dialect always
	// waits.
	IsBusy func(err error) bool
	// BackupSQL, when set, writes a consistent copy of the live database to
	// the file named by its one parameter (SQLite's VACUUM INTO).
	BackupSQL string
	// Watch, when set, calls changed each time another connection commits a
	// change, until ctx ends (see DB.WatchChanges).
	Watch func(ctx context.Context, changed func(seq int64)) error
}

// Migration is one numbered schema change.
type Migration struct {
	Name string // recorded in schema_migrations, e.g. "migrations/0001_papers.sql"
	SQL  string
}

// DB is an open Paperwire database in some dialect. Writes go through the
// write pool and reads through the read pool; for SQLite they differ (one
// writer connection, several readers beside it under WAL), for PostgreSQL
// they are one pool.
type DB struct {
	dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// name identifies the database in messages: a file path, or a URL without its password.
	name string
	// Now is the clock used for timestamps and leases; tests may replace it.
	Now func() time.Time

	rebound sync.Map // statement text with ? → with $n
	stmts   sync.Map // statement text with ? → *sql.Stmt on the read pool (readStmt)
}

// readStmt returns query prepared on the read pool, prepared once and kept:
// a statement run for every request (a search's papers) was otherwise parsed
// again each time, about 5% of a search's CPU on SQLite. Callers keep the
// number of distinct texts small.
func (db *DB) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.read.PrepareContext(ctx, db.q(query))
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// New wraps opened pools; the dialect packages call it from their Open.
func New(d Dialect, write, read *sql.DB, name string) *DB {
	if d.InsertRows <= 0 {
		d.InsertRows = 64
	}
	return &DB{dialect: d, write: write, read: read, name: name, Now: time.Now}
}

// Dialect returns the database's dialect name, "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.Name }

// Name identifies the database for people: a file path, or a URL without its password.
func (db *DB) Name() string { return db.name }

// Ping checks that the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes the kept statements and the pools.
func (db *DB) Close() error {
	var errs []string
	db.stmts.Range(func(k, st any) bool {
		if err := st.(*sql.Stmt).Close(); err != nil {
			errs = append(errs, err.Error())
		}
		db.stmts.Delete(k)
		return true
	})
	pools := []*sql.DB{db.read}
	if db.write != db.read {
		pools = append(pools, db.write)
	}
	for _, p := range pools {
		if p == nil {
			continue
		}
		if err := p.Close(); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("close %s: %s", db.name, strings.Join(errs, "; "))
	}
	return nil
}

// WatchChanges calls changed whenever another connection commits a change,
// until ctx ends, and reports whether this database can tell at all: false
// (returning at once) for SQLite, whose followers poll. Notifications may be
// lost (a dropped connection), so callers poll as well, less often.
func (db *DB) WatchChanges(ctx context.Context, changed func(seq int64)) (bool, error) {
	if db.dialect.Watch == nil {
		return false, nil
	}
	return true, db.dialect.Watch(ctx, changed)
}

// q rewrites a statement's ? placeholders for the dialect. Statements here
// never hold a ? inside a string literal.
func (db *DB) q(query string) string {
	if !db.dialect.Numbered {
		return query
	}
	if s, ok := db.rebound.Load(query); ok {
		return s.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	s := b.String()
	db.rebound.Store(query, s)
	return s
}

// beginBusyWait bounds how long a BEGIN refused as busy is tried again, as
// SQLite's busy timeout bounds its own waiting.
const beginBusyWait = 10 * time.Second

// beginWrite starts a write transaction holding the dialect's write lock.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.beginWaitingIfBusy(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	if db.dialect.LockWrites != "" {
		if _, err := tx.ExecContext(ctx, db.dialect.LockWrites); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("lock writes: %w", err)
		}
	}
	return tx, nil
}

// beginWaitingIfBusy begins a transaction on the write pool, trying again
// for up to beginBusyWait while the dialect says the database is busy:
// nothing was done yet, and several processes opening one new SQLite file
// at once have been refused so, busy timeout or not, while the first of
// them set it up.
func (db *DB) beginWaitingIfBusy(ctx context.Context) (*sql.Tx, error) {
	wait, deadline := time.Millisecond, time.Now().Add(beginBusyWait)
	for {
		tx, err := db.write.BeginTx(ctx, nil)
		if err == nil || db.dialect.IsBusy == nil || !db.dialect.IsBusy(err) || time.Now().After(deadline) {
			return tx, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}

// notify tells listening instances that seq was written, at commit.
func (db *DB) notify(ctx context.Context, tx *sql.Tx, seq int64) error {
	if db.dialect.Notify == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, db.q(db.dialect.Notify), strconv.FormatInt(seq, 10)); err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// QueryRow runs a one-row query on the read pool; for dialects' own
// statements (Dialect.Size). Placeholders are ?.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.q(query), args...)
}

// Package postgres opens Paperwire's store on PostgreSQL (pgx v5 through
// database/sql), for deployments that run several instances on one database.
// Everything above the connection (the domain's queries and rules) is
// package store, shared with SQLite; this package holds the connection
// settings, the migrations, the write lock and the change notifications
// that keep instances in step.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/paperwire/paperwire/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Channel is the LISTEN/NOTIFY channel on which every write announces its
// highest change sequence number.
const Channel = "paperwire_changes"

// writeLockKey is the advisory lock every write transaction holds (see
// store.Dialect.LockWrites); an arbitrary constant ("pwrite" in ASCII).
const writeLockKey = 0x707772697465

// connectTimeout bounds connecting when the URL does not say, so a wrong
// host fails within seconds instead of hanging.
const connectTimeout = 5 * time.Second

// IsURL reports whether s names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at rawURL (postgres://user:pass@host:port/db),
// checks that it answers, and prepares its schema (store.DB.Prepare). Errors
// are one line that says what to fix, without the password.
func Open(ctx context.Context, rawURL string, opts ...store.Options) (*store.DB, error) {
	name := Redact(rawURL)
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("the database URL %s is not valid: %s", name, parseErrorText(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	migrations, err := store.LoadMigrations(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(16)
	// Keep every connection the pool may open: a new PostgreSQL backend costs
	// 8–16 ms of server CPU, which under load was half the server's work.
	pool.SetMaxIdleConns(16)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 2*connectTimeout)
	defer cancel()
	if err := pool.PingContext(pingCtx); err != nil {
		pool.Close()
		return nil, connectError(name, err)
	}
	db := store.New(store.Dialect{
		Name:         "postgres",
		Numbered:     true,
		Arrays:       true,
		Migrations:   migrations,
		LockWrites:   fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", writeLockKey),
		Notify:       "SELECT pg_notify('" + Channel + "', ?)",
		CountAuthors: `SELECT count(DISTINCT a) FROM papers, jsonb_array_elements_text(papers.authors::jsonb) AS a`,
		// 28 columns × 256 rows stays far under PostgreSQL's 65,535 parameters.
		InsertRows: 256,
		Size: func(ctx context.Context, db *store.DB) (int64, error) {
			var n int64
			err := db.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
			return n, err
		},
		IsUnique: func(err error) bool {
			var e *pgconn.PgError
			return errors.As(err, &e) && e.Code == "23505"
		},
		Watch: func(ctx context.Context, changed func(int64)) error { return watch(ctx, cfg, changed) },
	}, pool, pool, name)
	if err := db.Prepare(ctx, opts...); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Redact returns rawURL without its password, for messages and logs.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// connectError turns a failed first contact into one line saying what to fix.
func connectError(name string, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01", "28000":
			return fmt.Errorf("connect to %s: the server refused the user name or password (%s)", name, pgErr.Message)
		case "3D000":
			return fmt.Errorf("connect to %s: %s; create it first (createdb)", name, pgErr.Message)
		}
		return fmt.Errorf("connect to %s: %s (SQLSTATE %s)", name, pgErr.Message, pgErr.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("connect to %s: no answer within %s", name, 2*connectTimeout)
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return fmt.Errorf("connect to %s: cannot reach the server: %s", name, oneLine(netErr.Error()))
	}
	return fmt.Errorf("connect to %s: %s", name, oneLine(err.Error()))
}

// parseErrorText keeps pgx's reason for refusing a URL but not the URL it
// quotes, which may hold a password.
func parseErrorText(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return oneLine(msg)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

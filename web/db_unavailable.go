package web

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/paperwire/paperwire"
)

// errDatabaseUnavailable answers a request the database could not serve
// for a moment: restarting, unreachable, or locked by another writer for
// longer than the wait allows. The client may retry; it is not a bug.
var errDatabaseUnavailable = paperwire.Errorf(eunavailable, "The database is not answering right now; try again in a few seconds.")

// databaseRetryAfter is what a client is told to wait when the database is away.
const databaseRetryAfter = 5 * time.Second

// transient marks the error messages of a database that is away, not
// broken: PostgreSQL shutting down or starting (SQLSTATE 57P0x), a lost
// connection (08xxx), a refused connect, SQLite's lock held elsewhere.
var transient = []string{
	"SQLSTATE 57P0", "SQLSTATE 08", "failed to connect to", "conn closed", "connection reset",
	"database is locked", "SQLITE_BUSY",
}

// asUnavailable turns an internal error caused by the database being away
// into 503 with Retry-After; any other error is returned as it is. Domain
// errors (not found, invalid, …) are never touched.
func asUnavailable(err error) error {
	if err == nil || paperwire.ErrorCode(err) != paperwire.EINTERNAL || !databaseAway(err) {
		return err
	}
	return &retryError{err: errDatabaseUnavailable, after: databaseRetryAfter}
}

func databaseAway(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	msg := err.Error()
	for _, s := range transient {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

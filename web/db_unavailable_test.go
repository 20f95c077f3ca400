package web

import (
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/paperwire/paperwire"
)

func TestAsUnavailable(t *testing.T) {
	away := []error{
		fmt.Errorf("store: papers: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}),
		errors.New("FATAL: terminating connection due to administrator command (SQLSTATE 57P01)"),
		errors.New("FATAL: the database system is starting up (SQLSTATE 57P03)"),
		errors.New("failed to connect to `user=postgres database=x`: 127.0.0.1:5432 (127.0.0.1): dial error"),
		errors.New("commit upsert: database is locked (5) (SQLITE_BUSY)"),
		fmt.Errorf("read: %w", syscall.ECONNRESET),
	}
	for _, err := range away {
		got := asUnavailable(err)
		var re *retryError
		if statusOf(got) != 503 || !errors.As(got, &re) {
			t.Errorf("%v: status %d, retry %v; want 503 with Retry-After", err, statusOf(got), re)
		}
	}
	kept := []error{
		errors.New("render: template: no such field"),
		paperwire.Errorf(paperwire.ENOTFOUND, "connection refused is in this message but it is a 404"),
		errors.New("UNIQUE constraint failed"),
	}
	for _, err := range kept {
		if got := asUnavailable(err); got != err {
			t.Errorf("%v became %v", err, got)
		}
	}
}

package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// awayStore is a real store whose list query fails the way a database that
// went away fails: a refused connection.
type awayStore struct{ *store.PaperStore }

func (awayStore) Papers(context.Context, paperwire.PaperFilter) ([]*paperwire.Paper, int, error) {
	return nil, 0, fmt.Errorf("count papers: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
}

// TestDatabaseAwayIs503: a page or API call the database cannot answer for
// the moment is 503 with Retry-After and a message saying to retry, logged
// as a warning with its cause, not a 500 error.
func TestDatabaseAwayIs503(t *testing.T) {
	var logs syncBuffer
	h := newServer(t, awayStore{newStore(t)}, func(c *web.Config) {
		c.CacheTTL = -1
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	})
	for _, target := range []string{"/papers/date/" + dayWed, "/api/daily_papers?date=" + dayWed} {
		w := get(t, h, target)
		wantStatus(t, w, http.StatusServiceUnavailable)
		if w.Header().Get("Retry-After") != "5" {
			t.Errorf("%s: Retry-After %q", target, w.Header().Get("Retry-After"))
		}
		wantContains(t, w.Body.String(), "try again in a few seconds")
		for _, l := range logs.lines(t) {
			if l["level"] != "WARN" || !strings.Contains(fmt.Sprint(l["error"]), "connection refused") {
				t.Errorf("%s: logged %v", target, l)
			}
		}
	}
}

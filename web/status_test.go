package web_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/paperwire/paperwire/web"
)

func TestStatusPage(t *testing.T) {
	store := newStore(t)
	h := newServer(t, store)
	w := get(t, h, "/status")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "This server is up")

	h = newServer(t, store, func(c *web.Config) {
		c.Status = func(ctx context.Context) (*web.Status, error) {
			return &web.Status{Version: "v1.2.3", Database: "PostgreSQL", Papers: 1234, Days: 5, FirstDay: "2026-06-01", LastDay: "2026-06-05",
				Indexed: 1234, IndexSeq: 99, SearchMode: "keyword (BM25F)",
				Harvests: []web.HarvestStatus{{Set: "cs", LastRun: time.Date(2026, 6, 5, 12, 0, 0, 0, time.UTC),
					LastError: "arXiv answered <503>", Read: 10, New: 7}}}, nil
		}
	})
	w = get(t, h, "/status")
	wantStatus(t, w, http.StatusOK)
	wantContains(t, w.Body.String(), "v1.2.3", "PostgreSQL", "1,234", "2026-06-01", "2026-06-05 12:00 UTC", "arXiv answered &lt;503&gt;")
	wantLacks(t, w.Body.String(), "<503>")

	h = newServer(t, store, func(c *web.Config) {
		c.Status = func(ctx context.Context) (*web.Status, error) { return nil, errors.New("disk on fire") }
	})
	w = get(t, h, "/status")
	wantStatus(t, w, http.StatusInternalServerError)
	wantLacks(t, w.Body.String(), "disk on fire")
}

package web

import (
	"context"
	"net/http"
	"time"
)

// Status is what /status shows an operator: what the database holds, how
// far the search index has caught up, and each harvest's last and next run.
type Status struct {
	Version    string
	Papers     int
	Days       int
	Withdrawn  int
	FirstDay   string
	LastDay    string
	Database   string // "SQLite" or "PostgreSQL"
	Seq        int64  // the database's change sequence
	Indexed    int    // papers in the search index
	IndexSeq   int64  // the change sequence the index has applied
	SearchMode string
	Harvests   []HarvestStatus
}

// HarvestStatus is one harvested set's state.
type HarvestStatus struct {
	Set                           string
	LastRun, LastSuccess, NextRun time.Time
	LastError                     string
	Read, New, Updated            int
}

// StatusFunc gathers the status; nil means the page only says the server is up.
type StatusFunc func(ctx context.Context) (*Status, error)

type statusPage struct {
	Page
	Status *Status
}

// statusShow answers /status.
func (s *Server) statusShow(w http.ResponseWriter, r *http.Request) {
	p := statusPage{Page: s.page(r, "Status")}
	if s.status != nil {
		st, err := s.status(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Status = st
	}
	s.render(w, r, http.StatusOK, "status", p)
}

package web

import (
	"context"
	"net/http"
	"time"
)

// healthShow is the liveness probe: the process answers HTTP.
func (s *Server) healthShow(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n")) //nolint:errcheck // the client went away; nothing to do
}

// readyShow is the readiness probe: the database answers within two seconds.
func (s *Server) readyShow(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var err error
	if s.ready != nil {
		err = s.ready(ctx)
	} else {
		_, err = s.papers.Days(ctx)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		noteError(r, err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("not ready: database unavailable\n")) //nolint:errcheck // nothing to do
		return
	}
	w.Write([]byte("ready\n")) //nolint:errcheck // the client went away; nothing to do
}

package web

import (
	"context"
	"net/http"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/metrics"
)

// notePattern records, after the router has chosen, which route pattern
// answered the request: the request metrics' label, bounded by the routes
// registered, never the raw path.
func notePattern(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
				info.pattern = r.Pattern // set on r by ServeMux.ServeHTTP
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// metricsRoutes serves GET /metrics when Config.ServeMetrics asks for it
// (serve does unless --metrics-addr gives the metrics their own listener).
func (s *Server) metricsRoutes(mux *http.ServeMux) {
	if s.metrics == nil || !s.serveMetrics {
		return
	}
	h := s.metrics.Handler()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// timedSearcher times every search and related-papers lookup for the
// metrics, labelled with the search mode.
type timedSearcher struct {
	Searcher
	m    *metrics.Metrics
	mode string
}

func (t timedSearcher) Search(ctx context.Context, req SearchRequest) (*SearchResults, error) {
	start := time.Now()
	res, err := t.Searcher.Search(ctx, req)
	t.m.ObserveSearch(t.mode, "search", time.Since(start), err)
	return res, err
}

func (t timedSearcher) Related(ctx context.Context, id string, limit int) ([]*paperwire.Paper, error) {
	start := time.Now()
	res, err := t.Searcher.Related(ctx, id, limit)
	t.m.ObserveSearch(t.mode, "related", time.Since(start), err)
	return res, err
}

// withSearchTiming wraps searcher for the metrics, when there are any.
func withSearchTiming(searcher Searcher, m *metrics.Metrics, mode string) Searcher {
	if searcher == nil || m == nil {
		return searcher
	}
	if mode == "" {
		mode = "keyword"
	}
	return timedSearcher{Searcher: searcher, m: m, mode: mode}
}

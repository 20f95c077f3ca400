package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/metrics"
)

// newServeMetrics builds serve's metrics over the opened instance: its
// database pools and the search index's lag behind the change sequence,
// besides what the web server records itself.
func newServeMetrics(in *instance.Instance) *metrics.Metrics {
	m := metrics.New()
	m.WatchPools(in.DB.Pools())
	m.WatchIndexLag(func() (int64, error) { return in.IndexLag(context.Background()) })
	return m
}

// loadDemoCounted loads the demo corpus into an empty database and counts
// the papers it added.
func loadDemoCounted(ctx context.Context, in *instance.Instance, m *metrics.Metrics) error {
	before, err := in.Papers.Summary(ctx)
	if err != nil {
		return err
	}
	if err := in.LoadDemoIfEmpty(ctx); err != nil {
		return err
	}
	after, err := in.Papers.Summary(ctx)
	if err != nil {
		return err
	}
	m.AddImported(after.Papers - before.Papers)
	return nil
}

// metricsServer serves /metrics alone on its own listener (--metrics-addr),
// so the public address need not show it.
type metricsServer struct {
	srv  *http.Server
	ln   net.Listener
	errc chan error
}

// startMetricsServer listens on addr and serves m's /metrics there.
func startMetricsServer(env *Env, addr string, m *metrics.Metrics) (*metricsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	ms := &metricsServer{ln: ln, errc: make(chan error, 1), srv: &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}}
	go func() { ms.errc <- ms.srv.Serve(ln) }()
	env.Logger.Info("serving metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	return ms, nil
}

// stop closes the metrics listener; a scrape in flight is cut.
func (ms *metricsServer) stop() {
	if ms == nil {
		return
	}
	ms.srv.Close() //nolint:errcheck // stopping anyway
	<-ms.errc      // http.ErrServerClosed
}

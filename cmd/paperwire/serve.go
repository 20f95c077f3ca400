package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paperwire/paperwire/internal/lease"
)

// serveConfig is everything `paperwire serve` is configured by: flags first,
// then PAPERWIRE_* environment variables, then defaults.
type serveConfig struct {
	Addr   string
	NoDemo bool
	// MetricsAddr, when set, serves /metrics on its own listener there
	// instead of on Addr.
	MetricsAddr string
	// LeaseTTL is how long this instance's hold on scheduled work lasts
	// unrenewed: another instance takes the harvest over within this plus a
	// third after this one dies.
	LeaseTTL time.Duration
}

// serveFlags registers serve's flags on fs (`paperwire config` takes the
// same ones, to show what serve would run with).
func serveFlags(fs *flag.FlagSet, env *Env) (*serveConfig, *storeFlags) {
	cfg := &serveConfig{}
	fs.StringVar(&cfg.Addr, "addr", envOr(env, "PAPERWIRE_ADDR", "127.0.0.1:8080"), "listen `address` (env PAPERWIRE_ADDR)")
	storeAt := addStoreFlags(fs, env)
	noDemo, _ := strconv.ParseBool(env.Getenv("PAPERWIRE_NO_DEMO"))
	fs.BoolVar(&cfg.NoDemo, "no-demo", noDemo, "do not load the bundled demo corpus into an empty database (env PAPERWIRE_NO_DEMO=1)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env.Getenv("PAPERWIRE_METRICS_ADDR"), "serve /metrics on this `address` only, not on --addr (env PAPERWIRE_METRICS_ADDR)")
	fs.BoolVar(&storeAt.schema.NoMigrate, "no-migrate", false, "do not apply pending schema migrations at start; refuse to start instead (run 'paperwire migrate')")
	return cfg, storeAt
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve")
	cfg, storeAt := serveFlags(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	cfg.LeaseTTL = lease.DefaultTTL
	if v := env.Getenv("PAPERWIRE_LEASE_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return usageError{fmt.Sprintf("PAPERWIRE_LEASE_TTL=%q: want a duration of at least 1s, like 30s", v)}
		}
		cfg.LeaseTTL = d
	}

	community, err := readCommunityConfig(env)
	if err != nil {
		return usageError{err.Error()}
	}
	mailCfg, err := readMailConfig(env, community.BaseURL)
	if err != nil {
		return usageError{err.Error()}
	}
	if err := servePprof(ctx, env); err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	mx := newServeMetrics(in)
	community.Metrics, community.ServeMetrics = mx, cfg.MetricsAddr == ""
	if !cfg.NoDemo {
		if err := loadDemoCounted(ctx, in, mx); err != nil {
			return err
		}
	}

	if err := in.OpenSearch(ctx); err != nil {
		return err
	}
	tuneServeMemory(env)
	harvest, sets, err := harvestSchedule(env, in, mx)
	if err != nil {
		return usageError{err.Error()}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	mailSvc, err := newMailService(ctx, in, env, mailCfg, "http://"+ln.Addr().String())
	if err != nil {
		ln.Close()
		return err
	}
	outboxDepth(mx, in)
	site, err := newWebServer(in, env, community, mailSvc)
	if err != nil {
		ln.Close()
		return err
	}
	if cfg.MetricsAddr != "" {
		ms, err := startMetricsServer(env, cfg.MetricsAddr, mx)
		if err != nil {
			ln.Close()
			return err
		}
		defer ms.stop()
	}
	conns := &connTracker{}
	srv := &http.Server{
		Handler:           site.Handler(),
		ConnState:         conns.track,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// Background work (the harvest schedule) stops with ctx; the database
	// closes only after it has, so no batch is cut off mid-transaction.
	var background sync.WaitGroup
	defer background.Wait()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	env.Logger.Info("serving", "addr", "http://"+ln.Addr().String(), "data_dir", in.DataDir(), "database", in.DB.Name())
	// Writes from other processes (a CLI import, another instance) reach the
	// search index and the pages at once on PostgreSQL (NOTIFY), within a
	// second on SQLite.
	background.Add(1)
	go func() {
		defer background.Done()
		in.Follow(ctx, time.Second, site.Invalidate)
	}()
	if harvest != nil {
		// The schedule's state lives in the database, so stopping it with the
		// server loses nothing: the next start picks up when each set is due.
		// Instances sharing a database take turns through a lease, so one
		// harvests at a time and another takes over when it dies.
		env.Logger.Info("harvest schedule on", "sets", strings.Join(sets, ","))
		background.Add(1)
		go func() {
			defer background.Done()
			err := lease.Hold(ctx, in.DB, harvestLease, lease.Holder(), cfg.LeaseTTL, env.Logger, harvest)
			if err != nil && !errors.Is(err, context.Canceled) {
				env.Logger.Error("harvest schedule stopped", "error", err.Error())
			}
		}()
	}

	if mailCfg.SMTP != nil {
		startMail(ctx, &background, in, env, mailCfg, mailSvc, cfg.LeaseTTL)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// SIGTERM or interrupt: stop accepting, let requests in flight finish.
	env.Logger.Info("shutting down")
	return drain(env, srv, conns, shutdownDrain, shutdownClose)
}

// How long a shutdown waits: first for requests in flight to finish, then,
// after cutting the connections still open (a client that stopped reading),
// for their handlers to notice and return before the database closes.
const (
	shutdownDrain = 10 * time.Second
	shutdownClose = 2 * time.Second
)

// drain shuts srv down gracefully for up to drainFor; connections still busy
// after that are closed, which is logged and is not an error: a stuck client
// must not hold the process up nor make its exit look like a failure.
func drain(env *Env, srv *http.Server, conns *connTracker, drainFor, closeFor time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), drainFor)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	cut := conns.open()
	if err := srv.Close(); err != nil {
		return fmt.Errorf("shutdown: close: %w", err)
	}
	env.Logger.Warn("shutdown: closed connections still open after the drain",
		"connections", cut, "drain", drainFor.String())
	if !conns.wait(closeFor) {
		env.Logger.Warn("shutdown: handlers still running after their connections were closed",
			"connections", conns.open(), "waited", closeFor.String())
	}
	return nil
}

// connTracker counts the server's open connections through http.Server's
// ConnState hook, so a shutdown can say how many it cut and wait for their
// handlers to return (a connection reaches StateClosed only after its
// handler has).
type connTracker struct {
	mu sync.Mutex
	n  map[net.Conn]struct{}
}

func (t *connTracker) track(c net.Conn, state http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch state {
	case http.StateNew:
		if t.n == nil {
			t.n = make(map[net.Conn]struct{})
		}
		t.n[c] = struct{}{}
	case http.StateHijacked, http.StateClosed:
		delete(t.n, c)
	}
}

func (t *connTracker) open() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.n)
}

// wait reports whether every connection closed within limit.
func (t *connTracker) wait(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for t.open() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// harvestLease is the lease the instance running the scheduled harvest holds.
const harvestLease = "harvest"

func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

package main

import (
	"context"
	"errors"
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
	// LeaseTTL is how long this instance's hold on scheduled work lasts
	// unrenewed: another instance takes the harvest over within this plus a
	// third after this one dies.
	LeaseTTL time.Duration
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve")
	cfg := serveConfig{}
	fs.StringVar(&cfg.Addr, "addr", envOr(env, "PAPERWIRE_ADDR", "127.0.0.1:8080"), "listen `address` (env PAPERWIRE_ADDR)")
	storeAt := addStoreFlags(fs, env)
	noDemo, _ := strconv.ParseBool(env.Getenv("PAPERWIRE_NO_DEMO"))
	fs.BoolVar(&cfg.NoDemo, "no-demo", noDemo, "do not load the bundled demo corpus into an empty database (env PAPERWIRE_NO_DEMO=1)")
	fs.BoolVar(&storeAt.schema.NoMigrate, "no-migrate", false, "do not apply pending schema migrations at start; refuse to start instead (run 'paperwire migrate')")
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
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	if !cfg.NoDemo {
		if err := in.LoadDemoIfEmpty(ctx); err != nil {
			return err
		}
	}

	if err := in.OpenSearch(ctx); err != nil {
		return err
	}
	harvest, sets, err := harvestSchedule(env, in)
	if err != nil {
		return usageError{err.Error()}
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	site, err := newWebServer(in, env, community)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           site.Handler(),
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

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// SIGTERM or interrupt: stop accepting, let requests in flight finish.
	env.Logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// harvestLease is the lease the instance running the scheduled harvest holds.
const harvestLease = "harvest"

func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

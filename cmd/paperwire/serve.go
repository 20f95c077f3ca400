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
)

// serveConfig is everything `paperwire serve` is configured by: flags first,
// then PAPERWIRE_* environment variables, then defaults.
type serveConfig struct {
	Addr    string
	DataDir string
	NoDemo  bool
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve")
	cfg := serveConfig{}
	fs.StringVar(&cfg.Addr, "addr", envOr(env, "PAPERWIRE_ADDR", "127.0.0.1:8080"), "listen `address` (env PAPERWIRE_ADDR)")
	dataDir := dataDirFlag(fs, env)
	noDemo, _ := strconv.ParseBool(env.Getenv("PAPERWIRE_NO_DEMO"))
	fs.BoolVar(&cfg.NoDemo, "no-demo", noDemo, "do not load the bundled demo corpus into an empty database (env PAPERWIRE_NO_DEMO=1)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	cfg.DataDir = *dataDir

	in, err := openInstance(ctx, env, cfg.DataDir)
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
	handler, err := newHandler(in, env)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           handler,
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
	env.Logger.Info("serving", "addr", "http://"+ln.Addr().String(), "data_dir", cfg.DataDir)
	// Writes from other processes (a CLI import into the same database) reach
	// the search index within a second.
	background.Add(1)
	go func() {
		defer background.Done()
		in.Follow(ctx, time.Second)
	}()
	if harvest != nil {
		// The schedule's state lives in the database, so stopping it with the
		// server loses nothing: the next start picks up when each set is due.
		env.Logger.Info("harvest schedule on", "sets", strings.Join(sets, ","))
		background.Add(1)
		go func() {
			defer background.Done()
			if err := harvest(ctx); err != nil && !errors.Is(err, context.Canceled) {
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

func envOr(env *Env, key, def string) string {
	if v := env.Getenv(key); v != "" {
		return v
	}
	return def
}

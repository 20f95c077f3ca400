package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// servePprof serves Go's runtime profiles (CPU, heap, allocations,
// goroutines) on addr when PAPERWIRE_PPROF_ADDR names one, on a listener of
// its own so they are never reachable through the site's address. Operators
// use it to see where a running server's memory and CPU go; it is off by
// default and should listen on a loopback address.
func servePprof(ctx context.Context, env *Env) error {
	addr := env.Getenv("PAPERWIRE_PPROF_ADDR")
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usageError{"PAPERWIRE_PPROF_ADDR: " + err.Error()}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			env.Logger.Warn("pprof server stopped", "error", err.Error())
		}
	}()
	env.Logger.Info("pprof on", "addr", "http://"+ln.Addr().String()+"/debug/pprof/")
	return nil
}

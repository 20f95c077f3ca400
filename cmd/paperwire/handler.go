package main

import (
	"context"
	"net/http"

	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/web"
)

// newHandler builds the HTTP handler for serve from the opened instance,
// whose search is open.
func newHandler(in *instance.Instance, env *Env) (http.Handler, error) {
	srv, err := web.New(web.Config{
		Papers:   in.Papers,
		Searcher: in.WebSearcher(),
		Status:   func(ctx context.Context) (*web.Status, error) { return in.Status(ctx, paperwireVersion()) },
		Ready:    in.Ping,
		Logger:   env.Logger,
	})
	if err != nil {
		return nil, err
	}
	return srv.Handler(), nil
}

package main

import (
	"context"

	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/web"
)

// newWebServer builds the web server for serve from the opened instance,
// whose search is open.
func newWebServer(in *instance.Instance, env *Env) (*web.Server, error) {
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
	return srv, nil
}

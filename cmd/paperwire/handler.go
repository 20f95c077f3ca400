package main

import (
	"context"

	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/web"
)

// newWebServer builds the web server for serve from the opened instance,
// whose search is open.
func newWebServer(in *instance.Instance, env *Env) (*web.Server, error) {
	client := arxiv.NewAPIClient(envOr(env, "PAPERWIRE_API_URL", arxiv.DefaultAPIURL), arxiv.Options{Logger: env.Logger})
	srv, err := web.New(web.Config{
		Papers:      in.Papers,
		Searcher:    in.WebSearcher(),
		Status:      func(ctx context.Context) (*web.Status, error) { return in.Status(ctx, paperwireVersion()) },
		Ready:       in.Ping,
		Logger:      env.Logger,
		Users:       in.Users,
		Votes:       in.Papers,
		Submissions: in.Papers,
		Audit:       in.Users,
		Fetch:       in.Fetcher(client),
		Signup:      envOr(env, "PAPERWIRE_SIGNUP", "open"),
		BaseURL:     env.Getenv("PAPERWIRE_BASE_URL"),
	})
	if err != nil {
		return nil, err
	}
	return srv, nil
}

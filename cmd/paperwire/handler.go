package main

import (
	"net/http"

	"github.com/paperwire/paperwire/web"
)

// newHandler builds the HTTP handler for serve from the opened app.
func newHandler(a *app, env *Env) (http.Handler, error) {
	srv, err := web.New(web.Config{
		Papers:   a.papers,
		Searcher: webSearcher{engine: a.search, papers: a.papers},
		Status:   statusSource(a),
		Ready:    a.db.Ping,
		Logger:   env.Logger,
	})
	if err != nil {
		return nil, err
	}
	return srv.Handler(), nil
}

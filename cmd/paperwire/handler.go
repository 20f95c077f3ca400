package main

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/metrics"
	"github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/web"
)

// communityConfig is what serve reads from the environment about accounts
// and submissions.
type communityConfig struct {
	Signup       string
	BaseURL      string
	SubmitMaxAge time.Duration
	SubmitPerDay int
	TrustProxy   bool
	// Metrics records requests and searches; ServeMetrics serves them at
	// /metrics on the site's own address (no --metrics-addr).
	Metrics      *metrics.Metrics
	ServeMetrics bool
	// APIRate and APIBurst limit each API client (PAPERWIRE_API_RATE, _BURST).
	APIRate  float64
	APIBurst int
}

// readCommunityConfig reads PAPERWIRE_SIGNUP, PAPERWIRE_BASE_URL,
// PAPERWIRE_SUBMIT_MAX_AGE, PAPERWIRE_SUBMIT_PER_DAY and
// PAPERWIRE_TRUST_PROXY, refusing values that make no sense.
func readCommunityConfig(env *Env) (communityConfig, error) {
	c := communityConfig{Signup: envOr(env, "PAPERWIRE_SIGNUP", "open"), BaseURL: env.Getenv("PAPERWIRE_BASE_URL")}
	if c.Signup != "open" && c.Signup != "closed" {
		return c, fmt.Errorf("PAPERWIRE_SIGNUP=%q: want open or closed", c.Signup)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("PAPERWIRE_BASE_URL=%q: want the site's public address, like https://papers.example.org", c.BaseURL)
		}
	}
	if v := env.Getenv("PAPERWIRE_SUBMIT_MAX_AGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return c, fmt.Errorf("PAPERWIRE_SUBMIT_MAX_AGE=%q: want a duration like 336h (14 days)", v)
		}
		c.SubmitMaxAge = d
	}
	if v := env.Getenv("PAPERWIRE_SUBMIT_PER_DAY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, fmt.Errorf("PAPERWIRE_SUBMIT_PER_DAY=%q: want a positive number", v)
		}
		c.SubmitPerDay = n
	}
	c.TrustProxy, _ = strconv.ParseBool(env.Getenv("PAPERWIRE_TRUST_PROXY"))
	var err error
	if c.APIRate, c.APIBurst, err = readAPILimits(env); err != nil {
		return c, err
	}
	return c, nil
}

// newWebServer builds the web server for serve from the opened instance,
// whose search is open.
func newWebServer(in *instance.Instance, env *Env, cc communityConfig, mailSvc *mail.Service) (*web.Server, error) {
	client := arxiv.NewAPIClient(envOr(env, "PAPERWIRE_API_URL", arxiv.DefaultAPIURL), arxiv.Options{Logger: env.Logger})
	cfg := web.Config{
		Papers:       in.Papers,
		Searcher:     in.WebSearcher(),
		Status:       func(ctx context.Context) (*web.Status, error) { return in.Status(ctx, paperwireVersion()) },
		Ready:        in.Ping,
		Logger:       env.Logger,
		Users:        in.Users,
		Votes:        in.Papers,
		Submissions:  in.Papers,
		Audit:        in.Users,
		Fetch:        in.Fetcher(client),
		Signup:       cc.Signup,
		BaseURL:      cc.BaseURL,
		SubmitMaxAge: cc.SubmitMaxAge,
		SubmitPerDay: cc.SubmitPerDay,
		TrustProxy:   cc.TrustProxy,
		Orgs:         in.Papers,
		Links:        in.Papers,
		Collections:  in.Papers,
		ForYou:       in.ForYou(),
		FeedTokens:   in.Users,
		Comments:     in.Papers,
		Authors:      in.Papers,
		Metrics:      cc.Metrics,
		ServeMetrics: cc.ServeMetrics,
		SearchMode:   in.SearchMode(),
		APIRate:      cc.APIRate,
		APIBurst:     cc.APIBurst,
	}
	if mailSvc != nil {
		cfg.Mail, cfg.Mailer = mailSvc, mailSvc
	}
	return web.New(cfg)
}

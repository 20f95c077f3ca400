package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/digest"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/lease"
	"github.com/paperwire/paperwire/internal/metrics"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// mailConfig is what the environment says about mail.
type mailConfig struct {
	SMTP    *pwmail.SMTPConfig // nil: mail is off; account links go to the log
	From    *mail.Address
	Rate    float64       // messages per second; 0 means no bound
	Lease   time.Duration // how long a claimed batch is a sender's; 0 means the worker's default
	BaseURL string
}

// readMailConfig reads PAPERWIRE_SMTP_URL (or _FILE), PAPERWIRE_MAIL_FROM,
// PAPERWIRE_MAIL_RATE and PAPERWIRE_MAIL_LEASE; baseURL is
// PAPERWIRE_BASE_URL, which mail needs for its links.
func readMailConfig(env *Env, baseURL string) (mailConfig, error) {
	c := mailConfig{Rate: 10, BaseURL: baseURL}
	raw, err := secretEnv(env, "PAPERWIRE_SMTP_URL")
	if err != nil {
		return c, err
	}
	if raw != "" {
		smtp, err := pwmail.ParseSMTPURL(raw)
		if err != nil {
			return c, fmt.Errorf("PAPERWIRE_SMTP_URL: %v", err)
		}
		c.SMTP = &smtp
		if baseURL == "" {
			return c, fmt.Errorf("PAPERWIRE_SMTP_URL is set but PAPERWIRE_BASE_URL is not: mail needs the site's public address for its links")
		}
		from := env.Getenv("PAPERWIRE_MAIL_FROM")
		if from == "" {
			return c, fmt.Errorf("PAPERWIRE_SMTP_URL is set but PAPERWIRE_MAIL_FROM is not: mail needs a sender, like \"Paperwire <papers@example.org>\"")
		}
		if c.From, err = pwmail.ParseFrom(from); err != nil {
			return c, err
		}
	}
	if v := env.Getenv("PAPERWIRE_MAIL_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return c, fmt.Errorf("PAPERWIRE_MAIL_RATE=%q: want messages per second, like 10 (0: no limit)", v)
		}
		c.Rate = r
	}
	if v := env.Getenv("PAPERWIRE_MAIL_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return c, fmt.Errorf("PAPERWIRE_MAIL_LEASE=%q: want a duration of at least 1s, like 2m", v)
		}
		c.Lease = d
	}
	return c, nil
}

// newMailService builds the mail service over the instance's database;
// fallbackURL stands in for PAPERWIRE_BASE_URL in the links account mail
// writes to the log when mail is off.
func newMailService(ctx context.Context, in *instance.Instance, env *Env, mc mailConfig, fallbackURL string) (*pwmail.Service, error) {
	base := mc.BaseURL
	if base == "" {
		base = fallbackURL
	}
	return pwmail.NewService(ctx, store.NewMailStore(in.DB), pwmail.Options{BaseURL: base, Enabled: mc.SMTP != nil, Logger: env.Logger})
}

// newMailWorker is the outbox's sender.
func newMailWorker(svc *pwmail.Service, env *Env, mc mailConfig) *pwmail.Worker {
	return &pwmail.Worker{Outbox: svc.Store(), Transport: pwmail.NewSender(*mc.SMTP), From: mc.From, Holder: lease.Holder(),
		Rate: mc.Rate, Lease: mc.Lease, Logger: env.Logger}
}

// searchFunc adapts the instance's search to what saved searches need.
func searchFunc(in *instance.Instance) digest.SearchFunc {
	s := in.WebSearcher()
	return func(ctx context.Context, q string, limit int) ([]*paperwire.Paper, error) {
		res, err := s.Search(ctx, web.SearchRequest{Query: q, Limit: min(limit, 100), TopOnly: true})
		if err != nil {
			return nil, err
		}
		out := make([]*paperwire.Paper, 0, len(res.Hits))
		for _, h := range res.Hits {
			out = append(out, h.Paper)
		}
		return out, nil
	}
}

// forYouPicker ranks the digest's For-you sections as the site's For-you
// page does: the same likes, the same model over the same paper vectors.
// Call it after OpenSearch.
func forYouPicker(in *instance.Instance) *foryou.Picker {
	return &foryou.Picker{Papers: in.Papers, Votes: in.Papers, Collections: in.Papers, Authors: in.Papers, Ranker: in.ForYou()}
}

// digestLease is the lease the instance running the digest schedule holds.
const digestLease = "digest"

// digestEvery is how often the schedule looks for subscribers whose send
// hour has come.
const digestEvery = 5 * time.Minute

// runDigestSchedule queues each period's digests as subscribers' send hours
// come (run under digestLease, so once across instances).
func runDigestSchedule(ctx context.Context, b *digest.Builder, env *Env) error {
	t := time.NewTicker(digestEvery)
	defer t.Stop()
	for {
		now := time.Now()
		for _, freq := range []string{paperwire.FrequencyDaily, paperwire.FrequencyWeekly} {
			p, err := digest.Latest(ctx, b.Papers, freq, now)
			if err != nil {
				if paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
					env.Logger.Error("digest schedule", "period", freq, "error", err.Error())
				}
				continue
			}
			res, err := b.Build(ctx, p, digest.Options{Now: now})
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				env.Logger.Error("digest schedule", "period", p.Key(), "error", err.Error())
				continue
			}
			if res.Queued > 0 {
				env.Logger.Info("digests queued", "period", p.Key(), "queued", res.Queued, "not_due", res.NotDue)
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// mailPoll is how often serve's sender looks for mail to send: a
// confirmation link arrives within this long of the form's answer.
const mailPoll = 5 * time.Second

// startMail runs serve's mail in the background until ctx ends: a sender on
// every instance (leases keep them from sending one message twice) and the
// digest schedule on one instance at a time.
func startMail(ctx context.Context, background *sync.WaitGroup, in *instance.Instance, env *Env, mc mailConfig, svc *pwmail.Service, ttl time.Duration) {
	env.Logger.Info("mail on", "smtp", mc.SMTP.Addr(), "tls", mc.SMTP.TLS, "rate", mc.Rate)
	background.Add(2)
	go func() {
		defer background.Done()
		newMailWorker(svc, env, mc).Run(ctx, mailPoll) //nolint:errcheck // ends with ctx
	}()
	go func() {
		defer background.Done()
		b := &digest.Builder{Mail: svc, Papers: in.Papers, Search: searchFunc(in), ForYou: forYouPicker(in), Logger: env.Logger}
		err := lease.Hold(ctx, in.DB, digestLease, lease.Holder(), ttl, env.Logger, func(ctx context.Context) error {
			return runDigestSchedule(ctx, b, env)
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			env.Logger.Error("digest schedule stopped", "error", err.Error())
		}
	}()
}

// outboxDepth has /metrics report how many messages wait in the outbox, as
// the database says at each scrape (bounded by a short timeout, -1 when it
// does not answer).
func outboxDepth(mx *metrics.Metrics, in *instance.Instance) {
	outbox := store.NewMailStore(in.DB)
	mx.SetOutboxDepth(func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := outbox.OutboxDepth(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
}

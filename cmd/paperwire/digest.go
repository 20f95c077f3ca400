package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/digest"
	pwmail "github.com/paperwire/paperwire/mail"
)

// runDigest is `paperwire digest preview|send`.
func runDigest(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || (args[0] != "preview" && args[0] != "send") {
		return usageError{"want 'digest preview' or 'digest send'"}
	}
	sub := args[0]
	fs := newFlagSet(env, "digest")
	period := fs.String("period", paperwire.FrequencyDaily, "`daily` or weekly")
	email := fs.String("email", "", "preview: the subscriber `address` to render for (default: a subscriber to every category)")
	dryRun := fs.Bool("dry-run", false, "send: render and count, queue and send nothing")
	storeAt := addStoreFlags(fs, env)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *period != paperwire.FrequencyDaily && *period != paperwire.FrequencyWeekly {
		return usageError{fmt.Sprintf("--period %q: want daily or weekly", *period)}
	}
	cc, err := readCommunityConfig(env)
	if err != nil {
		return usageError{err.Error()}
	}
	mc, err := readMailConfig(env, cc.BaseURL)
	if err != nil {
		return usageError{err.Error()}
	}
	if sub == "send" && !*dryRun && mc.SMTP == nil {
		return usageError{"set PAPERWIRE_SMTP_URL (and PAPERWIRE_MAIL_FROM, PAPERWIRE_BASE_URL) to send mail, or use --dry-run"}
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := in.OpenSearch(ctx); err != nil {
		return err
	}
	svc, err := newMailService(ctx, in, env, mc, "http://localhost:8080")
	if err != nil {
		return err
	}
	b := &digest.Builder{Mail: svc, Papers: in.Papers, Search: searchFunc(in), ForYou: forYouPicker(in), Logger: env.Logger}
	now := time.Now()
	p, err := digest.Latest(ctx, in.Papers, *period, now)
	if err != nil {
		return err
	}
	if sub == "preview" {
		return previewDigest(ctx, env, b, svc, p, *email, mc, now)
	}
	res, err := b.Build(ctx, p, digest.Options{Now: now, AllDue: true, DryRun: *dryRun})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "digest %s: %s\n", p.Key(), res)
	if *dryRun {
		return nil
	}
	return drainAll(ctx, env, newMailWorker(svc, env, mc), svc)
}

// drainAll sends the outbox until nothing due is left, waiting out the
// leases of a run that died mid-batch so that its messages go out too.
func drainAll(ctx context.Context, env *Env, w *pwmail.Worker, svc *pwmail.Service) error {
	var total pwmail.Stats
	for {
		st, err := w.Drain(ctx)
		total.Sent += st.Sent
		total.Retried += st.Retried
		total.Dropped += st.Dropped
		if err != nil {
			return err
		}
		until, err := svc.Store().LeasedUntil(ctx)
		if err != nil {
			return err
		}
		if until.IsZero() {
			break
		}
		env.Logger.Info("waiting for another sender's lease to lapse", "until", until.Format(time.RFC3339))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Until(until) + 100*time.Millisecond):
		}
	}
	fmt.Fprintf(env.Stdout, "outbox: %s\n", total)
	return nil
}

// previewDigest writes what one subscriber would get, as a MIME message.
func previewDigest(ctx context.Context, env *Env, b *digest.Builder, svc *pwmail.Service, p digest.Period, email string, mc mailConfig, now time.Time) error {
	var sub *paperwire.Subscriber
	if email != "" {
		s, err := svc.Store().SubscriberByEmail(ctx, email)
		if err != nil {
			return err
		}
		sub = s
	} else {
		sub = &paperwire.Subscriber{Email: "preview@example.org", Status: paperwire.SubscriberActive, SubscriptionPrefs: paperwire.DefaultPrefs()}
		sub.Frequency = p.Frequency
	}
	m, err := b.Preview(ctx, p, sub, now)
	if err != nil {
		return err
	}
	if m == nil {
		fmt.Fprintf(env.Stderr, "%s would get nothing for %s.\n", sub.Email, p.Key())
		return nil
	}
	from := mc.From
	if from == nil {
		from, _ = pwmail.ParseFrom("Paperwire <paperwire@localhost>")
	}
	return pwmail.WriteMessage(env.Stdout, from, m, now)
}

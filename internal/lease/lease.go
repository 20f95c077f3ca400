// Package lease runs scheduled work on one instance at a time. Instances
// sharing a database compete for a named lease (paperwire.LeaseService);
// the holder renews it while its work runs, and when the holder dies the
// lease lapses and another instance takes it over.
package lease

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/paperwire/paperwire"
)

// DefaultTTL is how long a hold lasts unrenewed. A holder renews every
// third of it, so a slow database round trip never costs it the lease, and
// another instance takes a dead holder's work over within TTL plus a third.
const DefaultTTL = 30 * time.Second

// Holder names this process for leases: host, pid and a random suffix, so
// two processes never share a name even across restarts with the same pid.
func Holder() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Hold runs work while holder holds the lease called name, until ctx ends.
// It asks for the lease every ttl/3; once it has it, work starts with a
// context that is cancelled when a renewal finds the lease taken, or when no
// renewal has succeeded for two thirds of ttl (the database is unreachable,
// or answers too late to be trusted), and Hold goes back to asking. When
// work returns on its own, Hold releases the lease and returns work's error.
// At ctx's end the lease is released, so another instance need not wait for
// it to lapse.
func Hold(ctx context.Context, leases paperwire.LeaseService, name, holder string, ttl time.Duration, log *slog.Logger, work func(ctx context.Context) error) error {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	tick := time.NewTicker(ttl / 3)
	defer tick.Stop()
	for {
		asked := time.Now()
		ok, err := leases.AcquireLease(ctx, name, holder, ttl)
		if err != nil && ctx.Err() == nil {
			log.Warn("lease: cannot reach the database", "lease", name, "err", err.Error())
		}
		if ok {
			log.Info("lease: holding", "lease", name, "holder", holder)
			done, err := runHeld(ctx, leases, name, holder, ttl, asked, tick, log, work)
			leases.ReleaseLease(context.WithoutCancel(ctx), name, holder) //nolint:errcheck // it lapses anyway
			if done || ctx.Err() != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return err
			}
			log.Warn("lease: lost", "lease", name, "holder", holder)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// runHeld runs work, renewing the lease on every tick; done says work
// returned on its own rather than being stopped for a lost lease. asked is
// when the request that took the lease was sent.
//
// The database sets a hold's expiry while it runs the request, some time
// after the request was sent and before its answer arrives, so a hold asked
// for at t lasts until t+ttl at the earliest. Work is stopped at two thirds
// of that unless a renewal asked for since succeeded: a third of ttl is left
// for it to notice its context, however late the answers come.
func runHeld(ctx context.Context, leases paperwire.LeaseService, name, holder string, ttl time.Duration, asked time.Time,
	tick *time.Ticker, log *slog.Logger, work func(ctx context.Context) error) (done bool, err error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	result := make(chan error, 1)
	go func() { result <- work(wctx) }()
	lapse := time.NewTimer(time.Until(asked.Add(ttl * 2 / 3)))
	defer lapse.Stop()
	for {
		select {
		case err := <-result:
			return ctx.Err() == nil, err
		case <-lapse.C:
			// Not renewed in time: the hold is about to lapse.
		case <-tick.C:
			asked := time.Now()
			ok, err := leases.AcquireLease(ctx, name, holder, ttl)
			switch {
			case ok:
				lapse.Reset(time.Until(asked.Add(ttl * 2 / 3)))
				continue
			case err != nil && ctx.Err() == nil:
				// A passing database error: the hold lasts until the last
				// renewal's expiry, so keep working (lapse stops the work in
				// time) and try again on the next tick.
				log.Warn("lease: renewal failed", "lease", name, "err", err.Error())
				continue
			}
			// Taken by another holder.
		}
		cancel()
		<-result
		return false, nil
	}
}

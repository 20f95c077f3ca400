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
// context that is cancelled if a renewal fails or finds the lease taken (the
// database was unreachable for longer than ttl), and Hold goes back to
// asking. When work returns on its own, Hold releases the lease and returns
// work's error. At ctx's end the lease is released, so another instance
// need not wait for it to lapse.
func Hold(ctx context.Context, leases paperwire.LeaseService, name, holder string, ttl time.Duration, log *slog.Logger, work func(ctx context.Context) error) error {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	tick := time.NewTicker(ttl / 3)
	defer tick.Stop()
	for {
		ok, err := leases.AcquireLease(ctx, name, holder, ttl)
		if err != nil && ctx.Err() == nil {
			log.Warn("lease: cannot reach the database", "lease", name, "err", err.Error())
		}
		if ok {
			log.Info("lease: holding", "lease", name, "holder", holder)
			done, err := runHeld(ctx, leases, name, holder, ttl, tick, log, work)
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
// returned on its own rather than being stopped for a lost lease.
func runHeld(ctx context.Context, leases paperwire.LeaseService, name, holder string, ttl time.Duration,
	tick *time.Ticker, log *slog.Logger, work func(ctx context.Context) error) (done bool, err error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	result := make(chan error, 1)
	go func() { result <- work(wctx) }()
	renewed := time.Now()
	for {
		select {
		case err := <-result:
			return ctx.Err() == nil, err
		case <-tick.C:
			ok, err := leases.AcquireLease(ctx, name, holder, ttl)
			switch {
			case ok:
				renewed = time.Now()
				continue
			case err != nil && ctx.Err() == nil && time.Since(renewed) < ttl*2/3:
				// A passing database error: the hold lasts until renewed+ttl,
				// so keep working and try again on the next tick.
				log.Warn("lease: renewal failed", "lease", name, "err", err.Error())
				continue
			}
			cancel() // taken by another holder, or about to lapse
			<-result
			return false, nil
		}
	}
}

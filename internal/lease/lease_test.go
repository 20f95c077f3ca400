package lease_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/lease"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// partitioned is a LeaseService that can be cut off from the database, as a
// hung or partitioned instance would be.
type partitioned struct {
	*store.DB
	cut atomic.Bool
	// slow delays every answer that got through by this much after the
	// database set the lease's expiry, as a loaded machine or a slow network
	// would.
	slow time.Duration
}

func (p *partitioned) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if p.cut.Load() {
		return false, errors.New("connection refused")
	}
	ok, err := p.DB.AcquireLease(ctx, name, holder, ttl)
	time.Sleep(p.slow)
	return ok, err
}

func openDB(t *testing.T) *store.DB {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// running reports which of two workers is inside its work.
func worker(running *atomic.Int32, id int32) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		running.Store(id)
		<-ctx.Done()
		running.CompareAndSwap(id, 0)
		return ctx.Err()
	}
}

func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestOneHolderThenTakeOverWhenCutOff: while a holds the lease b waits;
// once a is cut off from the database, b takes over, and only after a
// stopped.
func TestOneHolderThenTakeOverWhenCutOff(t *testing.T) {
	db := openDB(t)
	cutOffAndTakeOver(t, &partitioned{DB: db}, 300*time.Millisecond)
}

// TestHolderStopsBeforeItsLeaseLapses: a holder whose renewals answer late
// (the expiry was set when the database ran the query, 120 ms before the
// answer came) still stops its work before the lease it last renewed lapses
// when it is then cut off; b asks every 10 ms and takes the lease the moment
// it lapses.
func TestHolderStopsBeforeItsLeaseLapses(t *testing.T) {
	db := openDB(t)
	cutOffAndTakeOver(t, &partitioned{DB: db, slow: 120 * time.Millisecond}, 30*time.Millisecond)
}

// cutOffAndTakeOver runs a holder on a (with a 300 ms lease) and then one
// on a's database (asking every bTTL/3), checks that the second waits while
// the first holds the lease, cuts a off, and checks that the second takes
// over, and not before the first stopped working.
func cutOffAndTakeOver(t *testing.T, a *partitioned, bTTL time.Duration) {
	t.Helper()
	const ttl = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var running atomic.Int32
	var both atomic.Bool
	go lease.Hold(ctx, a, "harvest", "a", ttl, quiet, worker(&running, 1))
	waitFor(t, 2*time.Second, "a starts", func() bool { return running.Load() == 1 })
	go lease.Hold(ctx, a.DB, "harvest", "b", bTTL, quiet, func(ctx context.Context) error {
		if running.Load() == 1 {
			both.Store(true)
		}
		return worker(&running, 2)(ctx)
	})
	time.Sleep(3 * ttl)
	if running.Load() != 1 {
		t.Fatalf("b took a held lease (running %d)", running.Load())
	}
	a.cut.Store(true) // a can no longer renew: it must stop, and b take over
	waitFor(t, 4*ttl, "b takes over", func() bool { return running.Load() == 2 })
	if both.Load() {
		t.Fatal("b started while a was still working")
	}
}

func TestReleaseAtShutdownHandsOverAtOnce(t *testing.T) {
	db := openDB(t)
	const ttl = 3 * time.Second // far longer than the hand-over may take
	actx, stopA := context.WithCancel(context.Background())
	var running atomic.Int32
	doneA := make(chan error, 1)
	go func() { doneA <- lease.Hold(actx, db, "harvest", "a", ttl, quiet, worker(&running, 1)) }()
	waitFor(t, 2*time.Second, "a starts", func() bool { return running.Load() == 1 })
	bctx, stopB := context.WithCancel(context.Background())
	defer stopB()
	go lease.Hold(bctx, db, "harvest", "b", 300*time.Millisecond, quiet, worker(&running, 2))
	stopA()
	if err := <-doneA; !errors.Is(err, context.Canceled) {
		t.Fatalf("Hold returned %v", err)
	}
	waitFor(t, time.Second, "b takes over after a's release", func() bool { return running.Load() == 2 })
}

func TestWorkThatEndsReturnsItsError(t *testing.T) {
	db := openDB(t)
	boom := errors.New("boom")
	err := lease.Hold(context.Background(), db, "once", lease.Holder(), time.Second, quiet, func(context.Context) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Hold = %v", err)
	}
	if h, _, _ := db.LeaseHolder(context.Background(), "once"); h != "" {
		t.Fatalf("lease still held by %q after the work ended", h)
	}
}

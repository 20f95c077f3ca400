package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/paperwire/paperwire"
)

// Outbox is the part of the store a Worker sends from (store.MailStore).
type Outbox interface {
	Claim(ctx context.Context, holder string, limit int, lease time.Duration) ([]*paperwire.OutboxMessage, error)
	MarkSent(ctx context.Context, id int64) error
	Retry(ctx context.Context, id int64, next time.Time, cause string) error
	Drop(ctx context.Context, id int64, permanent bool, cause string) (stopped bool, err error)
}

// Transport delivers one composed message (Sender).
type Transport interface {
	Send(ctx context.Context, m *gomail.Msg) error
	Close() error
}

// Worker sends the outbox. Several workers, in one process or several, may
// run over one database: each leases the rows it sends.
type Worker struct {
	Outbox    Outbox
	Transport Transport
	From      *mail.Address
	// Holder names this worker in leases (lease.Holder()).
	Holder string
	// Rate bounds messages per second; 0 means no bound.
	Rate float64
	// Batch is how many rows one claim takes. 0 means 50.
	Batch int
	// Lease is how long a claimed batch stays this worker's before another
	// may take it over (this one died mid-batch). 0 means twice the time
	// the batch takes at Rate, and at least two minutes.
	Lease time.Duration
	// MaxAttempts is how many temporary failures a message survives before
	// it is dropped. 0 means 8.
	MaxAttempts int
	Logger      *slog.Logger
	// Now is the clock for Date headers and retry times. Nil means time.Now.
	Now func() time.Time
}

// Stats counts what a Drain did.
type Stats struct {
	Sent, Retried, Dropped int
}

// backoff is how long a message waits after its nth temporary failure:
// 1 min, 4, 16, … capped at 6 hours.
func backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 4
	}
	return min(d, 6*time.Hour)
}

func (w *Worker) defaults() {
	if w.Batch <= 0 {
		w.Batch = 50
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = 8
	}
	if w.Logger == nil {
		w.Logger = slog.New(slog.DiscardHandler)
	}
	if w.Now == nil {
		w.Now = time.Now
	}
}

// lease is how long a claimed batch stays this worker's: time to send it at
// the rate limit, twice over, and at least two minutes.
func (w *Worker) lease() time.Duration {
	if w.Lease > 0 {
		return w.Lease
	}
	d := 2 * time.Minute
	if w.Rate > 0 {
		d = max(d, 2*time.Duration(float64(w.Batch)/w.Rate*float64(time.Second)))
	}
	return d
}

// Drain sends every message that is due, then returns. It stops early, with
// ctx's error, when ctx ends; rows it had claimed but not sent go back to
// the queue when their lease lapses.
func (w *Worker) Drain(ctx context.Context) (Stats, error) {
	w.defaults()
	var st Stats
	pace := newPacer(w.Rate)
	defer w.Transport.Close()
	for {
		batch, err := w.Outbox.Claim(ctx, w.Holder, w.Batch, w.lease())
		if err != nil {
			return st, err
		}
		if len(batch) == 0 {
			return st, nil
		}
		for _, m := range batch {
			if err := pace.wait(ctx); err != nil {
				return st, err
			}
			if err := w.sendOne(ctx, m, &st); err != nil {
				return st, err
			}
		}
	}
}

// sendOne sends m and records the outcome; only a database error or ctx's
// end is returned.
func (w *Worker) sendOne(ctx context.Context, m *paperwire.OutboxMessage, st *Stats) error {
	msg, err := compose(w.From, m, w.Now())
	if err != nil {
		st.Dropped++
		w.Logger.Error("mail: cannot compose; dropped", "outbox_id", m.ID, "kind", m.Kind, "error", err.Error())
		_, derr := w.Outbox.Drop(ctx, m.ID, false, err.Error())
		return derr
	}
	err = w.Transport.Send(ctx, msg)
	if err == nil {
		st.Sent++
		return w.Outbox.MarkSent(context.WithoutCancel(ctx), m.ID)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	cause := err.Error()
	switch {
	case Permanent(err):
		st.Dropped++
		stopped, derr := w.Outbox.Drop(ctx, m.ID, true, cause)
		w.Logger.Warn("mail: refused permanently", "outbox_id", m.ID, "kind", m.Kind, "error", cause, "address_stopped", stopped)
		return derr
	case m.Attempts >= w.MaxAttempts:
		st.Dropped++
		w.Logger.Warn("mail: gave up after temporary failures", "outbox_id", m.ID, "attempts", m.Attempts, "error", cause)
		_, derr := w.Outbox.Drop(ctx, m.ID, false, cause)
		return derr
	default:
		st.Retried++
		next := w.Now().Add(backoff(m.Attempts))
		w.Logger.Warn("mail: temporary failure; will retry", "outbox_id", m.ID, "attempts", m.Attempts,
			"retry_at", next.UTC().Format(time.RFC3339), "error", cause)
		return w.Outbox.Retry(ctx, m.ID, next, cause)
	}
}

// Run drains the outbox every poll interval until ctx ends.
func (w *Worker) Run(ctx context.Context, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		st, err := w.Drain(ctx)
		if err != nil && !errors.Is(err, context.Canceled) {
			w.Logger.Error("mail: outbox", "error", err.Error())
		}
		if st != (Stats{}) {
			w.Logger.Info("mail: sent", "sent", st.Sent, "retried", st.Retried, "dropped", st.Dropped)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// pacer spaces sends to at most rate per second.
type pacer struct {
	every time.Duration
	next  time.Time
}

func newPacer(rate float64) *pacer {
	if rate <= 0 {
		return &pacer{}
	}
	return &pacer{every: time.Duration(float64(time.Second) / rate)}
}

func (p *pacer) wait(ctx context.Context) error {
	if p.every == 0 {
		return ctx.Err()
	}
	now := time.Now()
	if p.next.After(now) {
		t := time.NewTimer(p.next.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		now = p.next
	}
	p.next = now.Add(p.every)
	return nil
}

// String describes stats for logs and the CLI.
func (s Stats) String() string {
	return fmt.Sprintf("%d sent, %d to retry, %d dropped", s.Sent, s.Retried, s.Dropped)
}

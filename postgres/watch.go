package postgres

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// watch listens on Channel on a connection of its own and calls changed
// with each notified seq, until ctx ends. A lost connection is retried with
// backoff; each (re)connection also calls changed(0), because what was
// written while nobody listened was never heard. Callers poll as well.
func watch(ctx context.Context, cfg *pgx.ConnConfig, changed func(seq int64)) error {
	backoff := 500 * time.Millisecond
	for ctx.Err() == nil {
		heard, _ := listen(ctx, cfg, changed)
		if ctx.Err() != nil {
			break
		}
		if heard {
			backoff = 500 * time.Millisecond
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
		case <-t.C:
		}
		backoff = min(2*backoff, 30*time.Second)
	}
	return nil
}

// listen runs one LISTEN connection until it fails; heard says it got as far
// as listening.
func listen(ctx context.Context, cfg *pgx.ConnConfig, changed func(seq int64)) (heard bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return false, err
	}
	changed(0)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		seq, _ := strconv.ParseInt(n.Payload, 10, 64)
		changed(seq)
	}
}

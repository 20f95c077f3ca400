package store

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

var _ paperwire.LeaseService = (*DB)(nil)

// AcquireLease takes the lease called name for holder until now+ttl, or
// renews it if holder has it already, and reports whether holder has it now.
// A lease another holder let lapse is taken over: that is how a second
// instance takes over scheduled work from one that died. One statement, so
// two instances racing for a lapsed lease cannot both win.
func (db *DB) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if name == "" || holder == "" || ttl <= 0 {
		return false, paperwire.Errorf(paperwire.EINVALID, "A lease needs a name, a holder and a positive duration.")
	}
	now := db.Now()
	res, err := db.write.ExecContext(ctx, db.q(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`),
		name, holder, now.Add(ttl).UnixMilli(), now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives the lease up if holder has it, so another instance need
// not wait for it to lapse (a clean shutdown).
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := db.write.ExecContext(ctx, db.q(`DELETE FROM leases WHERE name = ? AND holder = ?`), name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}

// LeaseHolder returns who holds name and until when; "" when nobody does.
func (db *DB) LeaseHolder(ctx context.Context, name string) (string, time.Time, error) {
	var holder string
	var until int64
	err := db.read.QueryRowContext(ctx, db.q(`SELECT holder, expires_at FROM leases WHERE name = ?`), name).Scan(&holder, &until)
	if err != nil {
		if isNoRows(err) {
			return "", time.Time{}, nil
		}
		return "", time.Time{}, fmt.Errorf("lease %s: %w", name, err)
	}
	if t := time.UnixMilli(until); t.After(db.Now()) {
		return holder, t, nil
	}
	return "", time.Time{}, nil
}

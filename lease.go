package paperwire

import (
	"context"
	"time"
)

// LeaseService lets one instance at a time do a named piece of scheduled work
// (the harvest, digests) when several run on one database. A lease lapses
// unless renewed, so when its holder dies another instance takes it over.
type LeaseService interface {
	// AcquireLease takes or renews name for holder until now+ttl and reports
	// whether holder has it. Returns EINVALID for an empty name or holder.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives up name if holder has it.
	ReleaseLease(ctx context.Context, name, holder string) error
}

package instance

import (
	"context"
	"time"

	"github.com/paperwire/paperwire/demo"
)

// LoadDemoIfEmpty fills an empty database with the bundled demo corpus, so
// a fresh data directory shows real papers, and leaves any database that
// already holds papers untouched.
func (in *Instance) LoadDemoIfEmpty(ctx context.Context) error {
	seq, err := in.Papers.MaxSeq(ctx)
	if err != nil {
		return err
	}
	if seq > 0 {
		return nil
	}
	start := time.Now()
	res, err := demo.Load(ctx, in.Papers)
	if err != nil {
		return err
	}
	in.log.Info("loaded demo corpus", "papers", res.New, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

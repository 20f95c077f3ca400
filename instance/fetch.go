package instance

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/ingest"
)

// Fetcher returns the function the web uses to get a paper someone submits
// that the store does not hold yet: one arXiv API lookup, normalised and
// stored like any `paperwire add`. The client keeps arXiv's pace (one
// request at a time, a pause between them), however many people submit.
func (in *Instance) Fetcher(client *arxiv.APIClient) func(ctx context.Context, id string) (*paperwire.Paper, error) {
	return func(ctx context.Context, id string) (*paperwire.Paper, error) {
		res, err := client.Lookup(ctx, []string{id})
		if err != nil {
			return nil, err
		}
		if len(res.Papers) == 0 {
			return nil, paperwire.Errorf(paperwire.ENOTFOUND, "arXiv has no paper %s.", id)
		}
		p, err := ingest.Normalize(&ingest.Record{Paper: *res.Papers[0]}, time.Now())
		if err != nil {
			return nil, paperwire.Errorf(paperwire.EINVALID, "arXiv's record of %s is unusable: %v", id, err)
		}
		if _, err := in.Papers.UpsertPapers(ctx, []*paperwire.Paper{p}); err != nil {
			return nil, fmt.Errorf("store %s: %w", id, err)
		}
		return in.Papers.Paper(ctx, p.ID)
	}
}

package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

// HarvestState is the durable record of a set's scheduled harvests, kept as a
// JSON checkpoint so a restart knows when the next run is due and the status
// page and `stats` can show how the last one went.
type HarvestState struct {
	Set         string        `json:"set"`
	LastRun     time.Time     `json:"last_run"`
	LastSuccess time.Time     `json:"last_success,omitempty"`
	NextRun     time.Time     `json:"next_run,omitempty"`
	LastError   string        `json:"last_error,omitempty"`
	Counts      HarvestCounts `json:"counts"`
}

// HarvestCounts are the last run's numbers.
type HarvestCounts struct {
	Pages     int `json:"pages"`
	Read      int `json:"read"`
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
	Skipped   int `json:"skipped"`
}

// HarvestStateKey is the checkpoint key of set's harvest state ("" is all of arXiv).
func HarvestStateKey(set string) string { return "harvest:state:" + setName(set) }

// LoadHarvestState reads set's harvest state; the zero state (with Set
// filled in) if no harvest has run.
func LoadHarvestState(ctx context.Context, cps paperwire.CheckpointStore, set string) (HarvestState, error) {
	st := HarvestState{Set: setName(set)}
	raw, err := cps.Checkpoint(ctx, HarvestStateKey(set))
	if err != nil || raw == "" {
		return st, err
	}
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return HarvestState{Set: setName(set)}, fmt.Errorf("harvest state of %s: %w", setName(set), err)
	}
	return st, nil
}

func (h *Harvester) saveState(ctx context.Context, st HarvestState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return h.cps.SetCheckpoint(ctx, paperwire.Checkpoint{Key: HarvestStateKey(st.Set), Value: string(b)})
}

// recordRun stores a finished run's outcome, keeping the scheduled next run.
func (h *Harvester) recordRun(ctx context.Context, set string, start time.Time, sum HarvestSummary, runErr error) error {
	// The run's context may be cancelled (shutdown); the record is still worth writing.
	ctx = context.WithoutCancel(ctx)
	st, err := LoadHarvestState(ctx, h.cps, set)
	if err != nil {
		st = HarvestState{Set: setName(set)}
	}
	st.LastRun = start.UTC()
	st.LastError = ""
	if runErr != nil {
		st.LastError = runErr.Error()
	} else {
		st.LastSuccess = st.LastRun
	}
	st.Counts = HarvestCounts{Pages: sum.Pages, Read: sum.Read, New: sum.New, Updated: sum.Updated,
		Unchanged: sum.Unchanged, Deleted: sum.Deleted, Skipped: len(sum.Skipped)}
	return h.saveState(ctx, st)
}

// RunSchedule harvests each set in turn, one harvest at a time, every
// interval, until ctx ends (its error is then returned). When each set's
// next run is due is kept in its HarvestState, so a restart neither repeats a
// run nor forgets one that became due while the process was down. A failed
// run is logged and recorded in the state; the schedule goes on.
func (h *Harvester) RunSchedule(ctx context.Context, sets []string, interval time.Duration) error {
	if len(sets) == 0 {
		return paperwire.Errorf(paperwire.EINVALID, "No sets to harvest.")
	}
	if interval <= 0 {
		return paperwire.Errorf(paperwire.EINVALID, "The harvest interval must be positive.")
	}
	h.logger().Info("harvest schedule started", "sets", fmt.Sprint(sets), "interval", interval.String())
	for {
		next := time.Time{}
		for _, set := range sets {
			if err := ctx.Err(); err != nil {
				return err
			}
			st, err := LoadHarvestState(ctx, h.cps, set)
			if err != nil {
				h.logger().Warn("unreadable harvest state, running the harvest", "set", setName(set), "error", err.Error())
			}
			if now := h.now(); st.NextRun.After(now) {
				if next.IsZero() || st.NextRun.Before(next) {
					next = st.NextRun
				}
				continue
			}
			_, err = h.Harvest(ctx, HarvestRequest{Set: set})
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil && paperwire.ErrorCode(err) == paperwire.ECONFLICT {
				continue // a manual harvest holds the lock; try again on the next pass
			}
			if st, err = LoadHarvestState(ctx, h.cps, set); err != nil {
				st = HarvestState{Set: setName(set)}
			}
			st.NextRun = h.now().Add(interval).UTC()
			if err := h.saveState(ctx, st); err != nil {
				h.logger().Error("saving harvest state", "set", setName(set), "error", err.Error())
			}
			if next.IsZero() || st.NextRun.Before(next) {
				next = st.NextRun
			}
		}
		wait := next.Sub(h.now())
		if next.IsZero() {
			wait = time.Minute
		}
		t := time.NewTimer(max(wait, time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

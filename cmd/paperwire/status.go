package main

import (
	"context"
	"strings"

	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/web"
)

// harvestStates reads the state of every set that has been harvested.
func harvestStates(ctx context.Context, a *app) ([]ingest.HarvestState, error) {
	const prefix = "harvest:state:"
	keys, err := a.papers.CheckpointKeys(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []ingest.HarvestState
	for _, k := range keys {
		set := strings.TrimPrefix(k, prefix)
		if set == "all" {
			set = ""
		}
		st, err := ingest.LoadHarvestState(ctx, a.papers, set)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// statusSource gathers what the /status page shows.
func statusSource(a *app) func(ctx context.Context) (*web.Status, error) {
	return func(ctx context.Context) (*web.Status, error) {
		sum, err := a.papers.Summary(ctx)
		if err != nil {
			return nil, err
		}
		st := &web.Status{Version: paperwireVersion(), Papers: sum.Papers, Days: sum.Days, Withdrawn: sum.Withdrawn,
			FirstDay: sum.FirstDay, LastDay: sum.LastDay, Seq: sum.MaxSeq, SearchMode: "keyword (BM25F)"}
		if a.lex != nil {
			st.Indexed = a.lex.Index().Len()
			st.IndexSeq = a.lex.Index().Seq()
		}
		if a.vectors != nil {
			st.SearchMode = "hybrid: keyword + semantic (" + a.vectors.Index().Model() + ")"
		}
		hs, err := harvestStates(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			st.Harvests = append(st.Harvests, web.HarvestStatus{Set: h.Set, LastRun: h.LastRun, LastSuccess: h.LastSuccess,
				NextRun: h.NextRun, LastError: h.LastError, New: h.Counts.New, Updated: h.Counts.Updated, Read: h.Counts.Read})
		}
		return st, nil
	}
}

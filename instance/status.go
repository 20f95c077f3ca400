package instance

import (
	"context"
	"strings"

	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/web"
)

// HarvestStates reads the state of every set that has been harvested into
// the instance, for `paperwire stats` and the /status page.
func (in *Instance) HarvestStates(ctx context.Context) ([]ingest.HarvestState, error) {
	const prefix = "harvest:state:"
	keys, err := in.Papers.CheckpointKeys(ctx, prefix)
	if err != nil {
		return nil, err
	}
	var out []ingest.HarvestState
	for _, k := range keys {
		set := strings.TrimPrefix(k, prefix)
		if set == "all" {
			set = ""
		}
		st, err := ingest.LoadHarvestState(ctx, in.Papers, set)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// databaseNames are the dialects' names for people.
var databaseNames = map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}

// Status gathers what the /status page shows: the database's counts, how far
// the keyword index has caught up, which search is on, and the harvests.
// version is the running binary's.
func (in *Instance) Status(ctx context.Context, version string) (*web.Status, error) {
	sum, err := in.Papers.Summary(ctx)
	if err != nil {
		return nil, err
	}
	st := &web.Status{Version: version, Database: databaseNames[in.DB.Dialect()], Papers: sum.Papers, Days: sum.Days, Withdrawn: sum.Withdrawn,
		FirstDay: sum.FirstDay, LastDay: sum.LastDay, Seq: sum.MaxSeq, SearchMode: "keyword (BM25F)"}
	if in.lex != nil {
		st.Indexed = in.lex.Index().Len()
		st.IndexSeq = in.lex.Index().Seq()
	}
	if in.vectors != nil {
		st.SearchMode = "hybrid: keyword + semantic (" + in.vectors.Index().Model() + ")"
	}
	hs, err := in.HarvestStates(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		st.Harvests = append(st.Harvests, web.HarvestStatus{Set: h.Set, LastRun: h.LastRun, LastSuccess: h.LastSuccess,
			NextRun: h.NextRun, LastError: h.LastError, New: h.Counts.New, Updated: h.Counts.Updated, Read: h.Counts.Read})
	}
	return st, nil
}

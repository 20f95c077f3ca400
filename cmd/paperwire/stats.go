package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
)

func stamp(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func runStats(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "stats")
	storeAt := addStoreFlags(fs, env)
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Papers.Stats(ctx)
	if err != nil {
		return err
	}
	harvests, err := in.HarvestStates(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			paperwire.Stats
			Harvests []ingest.HarvestState `json:"harvests"`
		}{st, harvests})
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "papers\t%d\n", st.Papers)
	fmt.Fprintf(tw, "days\t%d\t%s … %s\n", st.Days, st.FirstDay, st.LastDay)
	fmt.Fprintf(tw, "authors\t%d\n", st.Authors)
	fmt.Fprintf(tw, "withdrawn\t%d\n", st.Withdrawn)
	fmt.Fprintf(tw, "change seq\t%d\n", st.MaxSeq)
	fmt.Fprintf(tw, "database\t%.1f MB\n", float64(st.SizeBytes)/1e6)
	for _, h := range harvests {
		line := fmt.Sprintf("last run %s, %d read, %d new, %d updated", stamp(h.LastRun), h.Counts.Read, h.Counts.New, h.Counts.Updated)
		if !h.NextRun.IsZero() {
			line += ", next run " + stamp(h.NextRun)
		}
		if h.LastError != "" {
			line += ", last error: " + h.LastError
		}
		fmt.Fprintf(tw, "harvest %s\t%s\n", h.Set, line)
	}
	return tw.Flush()
}

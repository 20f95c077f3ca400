package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/metrics"
)

func runHarvest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "harvest")
	storeAt := addStoreFlags(fs, env)
	oaiURL := fs.String("oai-url", envOr(env, "PAPERWIRE_OAI_URL", arxiv.DefaultOAIURL), "OAI-PMH endpoint `URL` (env PAPERWIRE_OAI_URL)")
	set := fs.String("set", "", "OAI `set` to harvest, e.g. cs or physics:hep-th (default: all of arXiv)")
	from := fs.String("from", "", "harvest records from this datestamp, `YYYY-MM-DD` (default: continue where the last harvest of the set stopped)")
	until := fs.String("until", "", "harvest records up to this datestamp, `YYYY-MM-DD`")
	format := fs.String("format", arxiv.FormatArXiv, "OAI metadata `format`: arXiv, or arXivRaw for full version history")
	delay := fs.Duration("delay", arxiv.DefaultDelay, "pause between requests; arXiv's terms ask for 3s")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	req := ingest.HarvestRequest{Set: *set}
	var err error
	if req.From, err = parseDateFlag("from", *from); err != nil {
		return err
	}
	if req.Until, err = parseDateFlag("until", *until); err != nil {
		return err
	}
	if *format != arxiv.FormatArXiv && *format != arxiv.FormatArXivRaw {
		return usageError{fmt.Sprintf("--format %q: use arXiv or arXivRaw", *format)}
	}

	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	client := arxiv.NewOAIClient(*oaiURL, arxiv.Options{Delay: max(*delay, time.Nanosecond), Logger: env.Logger})
	h := ingest.NewHarvester(client, in.Papers, in.Papers)
	h.Format = *format
	h.Logger = env.Logger
	if w, ok := terminal(env.Stderr); ok {
		h.Progress = func(p ingest.HarvestProgress) {
			fmt.Fprintf(w, "\rharvest %s: page %d, %d records read, %d written ", setLabel(p.Set), p.Page, p.Read, p.Written)
		}
		defer fmt.Fprintln(w)
	}
	sum, err := h.Harvest(ctx, req)
	if *asJSON {
		if jerr := json.NewEncoder(env.Stdout).Encode(sum); jerr != nil && err == nil {
			err = jerr
		}
	} else {
		printHarvestSummary(env.Stdout, sum)
	}
	return err
}

func printHarvestSummary(w io.Writer, s ingest.HarvestSummary) {
	how := "from the beginning"
	if s.Resumed {
		how = "resumed an interrupted run"
	} else if s.From != "" {
		how = "from " + s.From
	}
	fmt.Fprintf(w, "harvest %s (%s): %d pages, %d records read: %d new, %d updated, %d unchanged, %d withdrawn, %d skipped\n",
		setLabel(s.Set), how, s.Pages, s.Read, s.New, s.Updated, s.Unchanged, s.Deleted, len(s.Skipped))
	for i, sk := range s.Skipped {
		if i == 20 {
			fmt.Fprintf(w, "  … and %d more skipped\n", len(s.Skipped)-i)
			break
		}
		fmt.Fprintf(w, "  skipped %s\n", sk)
	}
}

func setLabel(set string) string {
	if set == "" {
		return "all sets"
	}
	return "set " + set
}

// parseDateFlag parses an optional YYYY-MM-DD flag value.
func parseDateFlag(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--%s %q: want a date like 2026-04-01", name, v)}
	}
	return t, nil
}

// terminal returns w as a file when it is an interactive terminal, where a
// one-line progress display helps; logs stay the record everywhere else.
func terminal(w io.Writer) (*os.File, bool) {
	f, ok := w.(*os.File)
	if !ok {
		return nil, false
	}
	fi, err := f.Stat()
	return f, err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// DefaultHarvestInterval is how often serve harvests the configured sets;
// arXiv announces new papers once a day.
const DefaultHarvestInterval = 6 * time.Hour

// harvestSchedule returns the scheduled harvest `serve` runs in the
// background, configured by PAPERWIRE_HARVEST_SETS (comma-separated OAI sets,
// e.g. "cs,stat"; unset or empty: no scheduled harvest, ok is false),
// PAPERWIRE_HARVEST_INTERVAL (a Go duration, default 6h) and PAPERWIRE_OAI_URL.
// The returned run blocks until ctx ends; its pages are counted in m (nil: not counted).
func harvestSchedule(env *Env, in *instance.Instance, m *metrics.Metrics) (run func(ctx context.Context) error, sets []string, err error) {
	for _, s := range strings.Split(env.Getenv("PAPERWIRE_HARVEST_SETS"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			sets = append(sets, s)
		}
	}
	if len(sets) == 0 {
		return nil, nil, nil
	}
	interval := DefaultHarvestInterval
	if v := env.Getenv("PAPERWIRE_HARVEST_INTERVAL"); v != "" {
		if interval, err = time.ParseDuration(v); err != nil || interval < time.Minute {
			return nil, nil, fmt.Errorf("PAPERWIRE_HARVEST_INTERVAL=%q: want a duration of at least 1m, like 6h", v)
		}
	}
	client := arxiv.NewOAIClient(envOr(env, "PAPERWIRE_OAI_URL", arxiv.DefaultOAIURL), arxiv.Options{Logger: env.Logger})
	h := ingest.NewHarvester(client, in.Papers, in.Papers)
	h.Logger = env.Logger
	h.Progress = func(p ingest.HarvestProgress) { m.HarvestProgress(cmp.Or(p.Set, "all"), p.Page, p.Read, p.Written) }
	if f := env.Getenv("PAPERWIRE_HARVEST_FORMAT"); f != "" {
		h.Format = f
	}
	return func(ctx context.Context) error { return h.RunSchedule(ctx, sets, interval) }, sets, nil
}

package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/arxiv"
)

// OAILister is what a harvest needs of an OAI-PMH client; *arxiv.OAIClient has it.
type OAILister interface {
	BaseURL() string
	ListRecords(ctx context.Context, req arxiv.ListRequest, fn func(*arxiv.Page) error) error
}

// paperReader lets a harvest mark a stored paper withdrawn when arXiv reports
// its record deleted; the stores implement it as part of paperwire.PaperService.
type paperReader interface {
	Paper(ctx context.Context, id string) (*paperwire.Paper, error)
}

// Harvester runs OAI-PMH harvests into a store. Each page's papers are written
// in one transaction together with the resumptionToken that follows the page,
// so a run killed at any moment and started again ends with the same database
// as a run that was never interrupted. Only one harvest runs at a time.
type Harvester struct {
	client OAILister
	writer paperwire.PaperWriter
	cps    paperwire.CheckpointStore

	// Format is the OAI metadata format to harvest: arxiv.FormatArXiv (default) or arxiv.FormatArXivRaw.
	Format string
	// Logger receives one line per page and one per run; nil discards.
	Logger *slog.Logger
	// Progress, when set, is called after each committed page (for a progress bar).
	Progress func(HarvestProgress)
	// Now is the clock for the harvest state record; nil means time.Now.
	Now paperwire.Clock

	running sync.Mutex
}

// NewHarvester returns a harvester reading from client and writing through w,
// keeping its progress in cps (usually the same store as w). If w can also
// read papers (Paper(ctx, id)), records arXiv reports deleted mark the stored
// paper withdrawn; otherwise they are skipped and reported.
func NewHarvester(client OAILister, w paperwire.PaperWriter, cps paperwire.CheckpointStore) *Harvester {
	return &Harvester{client: client, writer: w, cps: cps}
}

// HarvestRequest says what to harvest.
type HarvestRequest struct {
	Set string // OAI set ("cs", "physics:hep-th"); "" for all of arXiv
	// From forces the first datestamp to harvest. Zero means incremental: resume
	// an interrupted run from its saved resumptionToken, else start from the
	// newest datestamp the last complete run saw, else harvest everything.
	From  time.Time
	Until time.Time // last datestamp to harvest; zero for none
}

// HarvestProgress is reported after each committed page.
type HarvestProgress struct {
	Set              string
	Page             int
	Read             int // records read so far in this run
	Written          int // new + updated so far
	CompleteListSize int // the repository's estimate of the whole list, -1 if unknown
}

// HarvestSummary counts what one run did.
type HarvestSummary struct {
	Set       string        `json:"set"`
	From      string        `json:"from,omitempty"` // first datestamp asked for, "" for everything
	Resumed   bool          `json:"resumed"`        // continued an interrupted run from its token
	Pages     int           `json:"pages"`
	Read      int           `json:"read"` // records read, including skipped and deleted ones
	New       int           `json:"new"`
	Updated   int           `json:"updated"`
	Unchanged int           `json:"unchanged"`
	Deleted   int           `json:"deleted"` // deleted records that marked a stored paper withdrawn
	Skipped   []SkippedItem `json:"skipped,omitempty"`
	Duration  time.Duration `json:"duration_ns"`
}

// SkippedItem is one record a harvest could not use.
type SkippedItem struct {
	Page     int    `json:"page"`
	Position int    `json:"position"`
	ID       string `json:"id,omitempty"`
	Reason   string `json:"reason"`
}

func (s SkippedItem) String() string {
	if s.Position == 0 {
		return fmt.Sprintf("page %d, %s: %s", s.Page, s.ID, s.Reason)
	}
	return fmt.Sprintf("page %d record %d (%s): %s", s.Page, s.Position, s.ID, s.Reason)
}

// runState is the interrupted run a saved token belongs to, kept beside the
// token so that a resumed run knows where it started and how far it got.
type runState struct {
	From         string `json:"from,omitempty"`
	Until        string `json:"until,omitempty"`
	Format       string `json:"format"`
	MaxDatestamp string `json:"max_datestamp,omitempty"`
}

// Checkpoint keys of a harvest of set from baseURL.
func checkpointKey(baseURL, set, name string) string {
	return "oai:" + baseURL + ":" + setName(set) + ":" + name
}

func setName(set string) string {
	if set == "" {
		return "all"
	}
	return set
}

// ErrHarvestRunning is returned when a harvest is asked for while one runs.
var ErrHarvestRunning = paperwire.Errorf(paperwire.ECONFLICT, "A harvest is already running.")

// Harvest runs one harvest and records its outcome in the harvest state
// (HarvestStateKey). It returns the summary even on error, covering the
// pages committed before the error. An expired resumptionToken restarts the
// interrupted run from its first datestamp.
func (h *Harvester) Harvest(ctx context.Context, req HarvestRequest) (HarvestSummary, error) {
	if !h.running.TryLock() {
		return HarvestSummary{Set: req.Set}, ErrHarvestRunning
	}
	defer h.running.Unlock()
	start, began := h.now(), time.Now()
	sum, err := h.harvest(ctx, req)
	sum.Duration = time.Since(began)
	if serr := h.recordRun(ctx, req.Set, start, sum, err); serr != nil && err == nil {
		err = serr
	}
	log := h.logger().With("set", setName(req.Set), "pages", sum.Pages, "read", sum.Read, "new", sum.New,
		"updated", sum.Updated, "unchanged", sum.Unchanged, "deleted", sum.Deleted, "skipped", len(sum.Skipped),
		"duration", sum.Duration.Round(time.Millisecond).String())
	if err != nil {
		log.Error("harvest failed", "error", err.Error())
	} else {
		log.Info("harvest done")
	}
	return sum, err
}

func (h *Harvester) harvest(ctx context.Context, req HarvestRequest) (HarvestSummary, error) {
	base := h.client.BaseURL()
	tokenKey, runKey, fromKey := checkpointKey(base, req.Set, "token"), checkpointKey(base, req.Set, "run"), checkpointKey(base, req.Set, "from")
	sum := HarvestSummary{Set: req.Set}
	format := h.Format
	if format == "" {
		format = arxiv.FormatArXiv
	}
	token, err := h.cps.Checkpoint(ctx, tokenKey)
	if err != nil {
		return sum, err
	}
	var run runState
	if token != "" {
		raw, err := h.cps.Checkpoint(ctx, runKey)
		if err != nil {
			return sum, err
		}
		if err := json.Unmarshal([]byte(raw), &run); err != nil {
			token = "" // a token without its run record cannot be trusted
		}
	}
	if token != "" && (!req.From.IsZero() && run.From != day(req.From) || run.Format != format || run.Until != day(req.Until)) {
		token = "" // a different request: start afresh
	}
	if token == "" {
		run = runState{From: day(req.From), Until: day(req.Until), Format: format}
		if req.From.IsZero() {
			if run.From, err = h.cps.Checkpoint(ctx, fromKey); err != nil {
				return sum, err
			}
		}
	}
	sum.From, sum.Resumed = run.From, token != ""

	lr := arxiv.ListRequest{Format: format, Set: req.Set, Token: token}
	if token == "" {
		lr.From, _ = time.Parse(time.DateOnly, run.From)
		lr.Until = req.Until
	}
	err = h.client.ListRecords(ctx, lr, func(p *arxiv.Page) error {
		return h.commitPage(ctx, p, &run, &sum, tokenKey, runKey, fromKey)
	})
	var oe *arxiv.OAIError
	if errors.As(err, &oe) && oe.Code == "badResumptionToken" && lr.Token != "" {
		h.logger().Warn("saved resumptionToken expired, restarting the run", "set", setName(req.Set), "from", run.From)
		lr.Token = ""
		lr.From, _ = time.Parse(time.DateOnly, run.From)
		lr.Until = req.Until
		sum.Resumed = false
		err = h.client.ListRecords(ctx, lr, func(p *arxiv.Page) error {
			return h.commitPage(ctx, p, &run, &sum, tokenKey, runKey, fromKey)
		})
	}
	return sum, err
}

// commitPage writes one page's papers with the checkpoints that say the page
// is done, in one transaction.
func (h *Harvester) commitPage(ctx context.Context, p *arxiv.Page, run *runState, sum *HarvestSummary, tokenKey, runKey, fromKey string) error {
	sum.Pages++
	sum.Read += p.Records
	for _, s := range p.Skipped {
		sum.Skipped = append(sum.Skipped, SkippedItem{Page: sum.Pages, Position: s.Position, ID: s.ID, Reason: s.Reason})
	}
	papers, deleted, err := h.preparePage(ctx, p, sum)
	if err != nil {
		return err
	}
	if p.MaxDatestamp > run.MaxDatestamp {
		run.MaxDatestamp = p.MaxDatestamp
	}
	cps := []paperwire.Checkpoint{{Key: tokenKey, Value: p.Token}}
	if p.Token != "" {
		b, err := json.Marshal(run)
		if err != nil {
			return err
		}
		cps = append(cps, paperwire.Checkpoint{Key: runKey, Value: string(b)})
	} else {
		// The run is complete: the next incremental run starts from the newest
		// datestamp seen (inclusive, so a day half-announced is read again).
		cps = append(cps, paperwire.Checkpoint{Key: runKey, Value: ""})
		if from := max(run.MaxDatestamp, run.From); from != "" {
			cps = append(cps, paperwire.Checkpoint{Key: fromKey, Value: from})
		}
	}
	res, err := h.writer.UpsertPapersAt(ctx, papers, cps...)
	if err != nil {
		return fmt.Errorf("writing page %d: %w", sum.Pages, err)
	}
	sum.New += res.New
	sum.Updated += res.Updated
	sum.Unchanged += res.Unchanged
	sum.Deleted += deleted
	h.logger().Info("harvest page", "set", setName(sum.Set), "page", sum.Pages, "records", p.Records, "new", res.New,
		"updated", res.Updated, "unchanged", res.Unchanged, "skipped", len(p.Skipped), "cursor", p.Cursor,
		"complete_list_size", p.CompleteListSize, "more", p.Token != "")
	if h.Progress != nil {
		h.Progress(HarvestProgress{Set: sum.Set, Page: sum.Pages, Read: sum.Read, Written: sum.New + sum.Updated, CompleteListSize: p.CompleteListSize})
	}
	return nil
}

// preparePage turns a page into the batch to write: duplicate ids collapse
// to their last record, and deleted records become the stored paper marked
// withdrawn (or a reported skip when the paper is not stored).
func (h *Harvester) preparePage(ctx context.Context, p *arxiv.Page, sum *HarvestSummary) ([]*paperwire.Paper, int, error) {
	last := map[string]int{}
	for i, pp := range p.Papers {
		last[pp.ID] = i
	}
	var out []*paperwire.Paper
	deleted := 0
	for i, pp := range p.Papers {
		if last[pp.ID] != i {
			continue
		}
		if pp.Title != "" {
			// Harvested records go through the same normalization as every
			// file import, so a paper read from two sources compares equal.
			np, err := Normalize(&Record{Paper: *pp}, h.now())
			if err != nil {
				skip := SkippedItem{Page: sum.Pages, ID: pp.ID, Reason: err.Error()}
				sum.Skipped = append(sum.Skipped, skip)
				continue
			}
			out = append(out, np)
			continue
		}
		// A deleted record carries an id only.
		skip := SkippedItem{Page: sum.Pages, ID: pp.ID, Reason: "deleted upstream and not in the database"}
		r, ok := h.writer.(paperReader)
		if !ok {
			skip.Reason = "deleted upstream (store cannot mark it withdrawn)"
			sum.Skipped = append(sum.Skipped, skip)
			continue
		}
		old, err := r.Paper(ctx, pp.ID)
		if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			sum.Skipped = append(sum.Skipped, skip)
			continue
		} else if err != nil {
			return nil, 0, err
		}
		if !old.Withdrawn {
			deleted++
		}
		w := *old
		w.Withdrawn = true
		out = append(out, &w)
	}
	return out, deleted, nil
}

func (h *Harvester) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return h.Logger
}

func (h *Harvester) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

// day formats t as YYYY-MM-DD, "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

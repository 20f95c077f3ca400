package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Defaults for Options.
const (
	DefaultBatchSize      = 1000
	DefaultMaxRecordBytes = 8 << 20
)

// Options configure an Importer. The zero value works.
type Options struct {
	Format         Format    // "" detects the format from the content
	ListedOn       time.Time // listing day for every record (--date); zero: from the source
	BatchSize      int       // papers per transaction (default DefaultBatchSize)
	MaxRecordBytes int       // longer lines are skipped (default DefaultMaxRecordBytes)
	Workers        int       // parsing goroutines (default GOMAXPROCS)

	// Progress, if set, is called from the importing goroutine every few
	// hundred records; the CLI turns it into a progress bar or log lines.
	Progress func(Progress)
	// AfterBatch, if set, is called after each batch is committed with the
	// papers it wrote (as read, before the store merged them), e.g. to feed a
	// search index. An error stops the import; the batch stays committed, and
	// a derived index catches up from the store's change feed.
	AfterBatch func(ctx context.Context, papers []*paperwire.Paper, res paperwire.UpsertResult) error
	// WriteAfter, if set, holds the first write until it is closed: the
	// file is opened, read and parsed meanwhile. An import of many files
	// reads the next one this way while the one before is written
	// (ImportFiles). The summary's Elapsed then counts from the opening.
	WriteAfter <-chan struct{}

	Now    paperwire.Clock // default time.Now; bounds "absurd" future dates
	Logger *slog.Logger    // default: discard
}

// Progress is a snapshot of one file's import.
type Progress struct {
	File       string
	BytesRead  int64 // raw (possibly compressed) bytes read so far
	BytesTotal int64 // raw file size, 0 if unknown
	Read       int   // records read so far in this run
	Written    int   // papers committed so far in this run
}

// Importer writes files of papers into a store in checkpointed batches.
type Importer struct {
	w    paperwire.PaperWriter
	cps  paperwire.CheckpointStore
	opt  Options
	log  *slog.Logger
	now  paperwire.Clock
	work int
}

// NewImporter returns an importer writing to w. cps reads the checkpoints
// UpsertPapersAt writes; with a nil cps every import starts from the top.
func NewImporter(w paperwire.PaperWriter, cps paperwire.CheckpointStore, opt Options) *Importer {
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.MaxRecordBytes <= 0 {
		opt.MaxRecordBytes = DefaultMaxRecordBytes
	}
	im := &Importer{w: w, cps: cps, opt: opt, log: opt.Logger, now: opt.Now, work: opt.Workers}
	if im.log == nil {
		im.log = slog.New(slog.DiscardHandler)
	}
	if im.now == nil {
		im.now = time.Now
	}
	if im.work <= 0 {
		im.work = runtime.GOMAXPROCS(0)
	}
	return im
}

// ErrNothingImported is wrapped by ImportFile when a file had records but
// not one of them could be imported.
var ErrNothingImported = errors.New("no record could be imported")

// ImportFile imports one file (plain or gzip, recognised by content) and
// returns what it did. The summary is never nil. The error is non-nil when
// nothing sensible could be done: the file cannot be opened, its format is
// unknown, every record was bad, or the store failed (earlier batches stay
// committed, and re-running the same command resumes after them).
func (im *Importer) ImportFile(ctx context.Context, path string) (*Summary, error) {
	sum := &Summary{File: path}
	src, err := openSource(path)
	if err != nil {
		return sum, err
	}
	defer src.Close()
	return im.importSource(ctx, src, sum)
}

// ImportReader imports from r, named name in messages; size is the raw
// length for progress (0 if unknown). Checkpoints are keyed by content, so
// reading the same content again resumes an interrupted import as ImportFile does.
func (im *Importer) ImportReader(ctx context.Context, name string, r io.Reader, size int64) (*Summary, error) {
	sum := &Summary{File: name}
	src, err := newSource(name, r, size)
	if err != nil {
		return sum, err
	}
	return im.importSource(ctx, src, sum)
}

func (im *Importer) importSource(ctx context.Context, src *source, sum *Summary) (*Summary, error) {
	start := time.Now()
	var r *run
	defer func() {
		if r != nil && !r.opened.IsZero() {
			start = r.opened
		}
		sum.Elapsed, sum.Bytes = time.Since(start), src.raw.n.Load()
	}()

	format := im.opt.Format
	if format == "" {
		head, err := src.head()
		if err != nil {
			return sum, fmt.Errorf("%s: %w", src.name, err)
		}
		if format, err = DetectFormat(head); errors.Is(err, errEmpty) {
			return sum, nil // nothing to import is not a failure
		} else if err != nil {
			return sum, fmt.Errorf("%s: %w", src.name, err)
		}
	}
	sum.Format = format
	ps := &parseState{listedOn: im.opt.ListedOn}
	if ps.listedOn.IsZero() && format == FormatDaily {
		day, ok := dayFromFileName(src.name)
		if !ok {
			return sum, paperwire.Errorf(paperwire.EINVALID,
				"%s: a daily crawl file needs its listing date in its name (YYYY-MM-DD.jsonl) or given with --date", src.name)
		}
		ps.listedOn = day
	}

	key := fileCheckpointKey(src.fingerprint, ps.listedOn)
	var rr recordReader
	var skip func(int) error
	if format.lines() {
		lr := &lineReader{r: src.r, max: im.opt.MaxRecordBytes}
		rr, skip = lr, lr.skip
	} else {
		ar := newArrayReader(src.r)
		rr, skip = ar, ar.skip
	}
	if after, err := im.resumePoint(ctx, key); err != nil {
		return sum, err
	} else if after > 0 {
		if err := skip(after); err != nil {
			return sum, fmt.Errorf("%s: resuming after record %d: %w", src.name, after, err)
		}
		sum.ResumedAfter = after
		im.log.Info("resuming interrupted import", "file", src.name, "after", after)
	}

	r = &run{im: im, src: src, sum: sum, key: key, parse: format.parser(), ps: ps, now: im.now()}
	err := r.pipeline(ctx, rr)
	if err == nil && sum.Read > 0 && sum.Written() == 0 && sum.Merged == 0 {
		err = fmt.Errorf("%s: %w (%d read, %d skipped)", src.name, ErrNothingImported, sum.Read, sum.Skipped)
	}
	return sum, err
}

// fileCheckpointKey names a file's progress by its content (first 64 KiB and
// size), so a moved or renamed file still resumes, and by its listing day,
// which changes what the records become.
func fileCheckpointKey(fingerprint string, listedOn time.Time) string {
	k := "ingest.file." + fingerprint
	if !listedOn.IsZero() {
		k += "." + listedOn.Format("2006-01-02")
	}
	return k
}

// Checkpoint values: "at=N" while a file is being imported (records up to N
// are committed), "done=N" once it was read to the end; a finished file is
// imported again from the top when asked to.
func (im *Importer) resumePoint(ctx context.Context, key string) (int, error) {
	if im.cps == nil {
		return 0, nil
	}
	v, err := im.cps.Checkpoint(ctx, key)
	if err != nil {
		return 0, fmt.Errorf("read checkpoint: %w", err)
	}
	if rest, ok := strings.CutPrefix(v, "at="); ok {
		if n, err := strconv.Atoi(rest); err == nil && n > 0 {
			return n, nil
		}
	}
	return 0, nil
}

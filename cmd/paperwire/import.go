package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
)

// runImport imports bulk files (arXiv metadata snapshot, daily listing crawls,
// Hugging Face daily_papers JSON) into the database. It never loads the demo
// corpus, so counts afterwards are exactly what was imported. An interrupted
// import resumes where it stopped when run again with the same file.
func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import")
	dataDir := dataDirFlag(fs, env)
	date := fs.String("date", "", "listing `day` (YYYY-MM-DD) for every record; default: a crawl file's name, HF's publishedAt day, or the first version's day")
	batch := fs.Int("batch", ingest.DefaultBatchSize, "papers per transaction")
	noTrain := fs.Bool("no-train", false, "do not retrain the built-in embedding model after a large import")
	withIndex := fs.Bool("index", false, "also build the search indexes beside the import, so the data directory is searchable when it returns (without it they catch up when serve or search next opens them)")
	format := fs.String("format", "", "input `format` ("+string(ingest.FormatSnapshot)+", "+string(ingest.FormatDaily)+", "+string(ingest.FormatHF)+"); default: detected from the content")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError{"no FILE given"}
	}
	opt := ingest.Options{BatchSize: *batch, Logger: env.Logger}
	if *batch <= 0 {
		return usageError{"--batch must be positive"}
	}
	if *date != "" {
		day, err := paperwire.ParsePeriod(paperwire.PeriodDay, *date)
		if err != nil {
			return usageError{paperwire.ErrorMessage(err)}
		}
		opt.ListedOn = day.Start
	}
	if *format != "" {
		f, err := ingest.ParseFormat(*format)
		if err != nil {
			return usageError{err.Error()}
		}
		opt.Format = f
	}

	a, err := openApp(ctx, env, *dataDir)
	if err != nil {
		return err
	}
	defer a.Close()
	rebuild := false
	if *withIndex {
		if rebuild, err = a.rebuildIndexes(ctx, files); err != nil {
			return err
		}
	}
	defer tuneGCForImport(env, *withIndex, rebuild)()
	st := a.papers
	finishIndex := func() error { return nil }
	if *withIndex {
		var stop func()
		if opt.AfterBatch, finishIndex, stop, err = a.indexDuringImport(ctx, env, rebuild); err != nil {
			return err
		}
		defer stop()
	}

	var total ingest.Summary
	var failed []string
	logProgress := newProgressLogger(env)
	for _, file := range files {
		progress, done := newImportProgress(env, file, logProgress)
		opt.Progress = progress
		sum, err := ingest.NewImporter(st, st, opt).ImportFile(ctx, file)
		done()
		sum.Print(env.Stdout)
		addSummary(&total, sum)
		if err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("interrupted; run the same command again to resume: %w", ctx.Err())
			}
			fmt.Fprintf(env.Stderr, "paperwire import: %v\n", err)
			failed = append(failed, file)
		}
	}
	if len(files) > 1 {
		fmt.Fprintf(env.Stdout, "total: %d files, read %d, new %d, updated %d, unchanged %d, merged duplicates %d, skipped %d in %s (%.0f papers/s)\n",
			len(files), total.Read, total.New, total.Updated, total.Unchanged, total.Merged, total.Skipped,
			total.Elapsed.Round(time.Millisecond), total.PapersPerSecond())
	}
	if err := finishIndex(); err != nil {
		return err
	}
	if !*noTrain && total.New+total.Updated > 0 {
		if err := retrainIfGrown(ctx, env, a); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files could not be imported", len(failed), len(files))
	}
	return nil
}

// tuneGCForImport trades memory for CPU: an import allocates fast and keeps
// little, so collecting at 5x the live heap instead of 2x cuts its CPU time by
// about a sixth, while a soft memory limit keeps the process well under
// 500 MB. An import that builds the indexes from scratch (rebuild) holds a
// bounded amount of them and gets a tighter limit (limitHeap); one that
// extends indexes already built holds them whole in memory, which grows with
// the corpus, so it keeps Go's defaults. GOGC and GOMEMLIMIT set by the user
// win. stop ends what limitHeap started.
func tuneGCForImport(env *Env, withIndex, rebuild bool) (stop func()) {
	switch {
	case withIndex && !rebuild:
	case withIndex:
		return limitHeap(env, buildHeapLimit)
	default:
		if env.Getenv("GOGC") == "" {
			debug.SetGCPercent(400)
		}
		if env.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(400 << 20)
		}
	}
	return func() {}
}

// indexDuringImport keeps the search indexes following an import from a
// second goroutine, so indexing runs beside the database writes instead of
// after each batch: afterBatch only signals that a batch was committed, and
// finish waits for the indexes to reach the last one and writes them. The
// indexes read the store's change feed, so after a crash they catch up from
// the database and stay consistent with it. stop ends the goroutine without
// the last catch-up (an interrupted import); it is safe to call after finish.
//
// With rebuild (see rebuildIndexes) both indexes are built from scratch with
// bounded memory (indexBuild); otherwise the existing ones are loaded and
// caught up, held in memory.
func (a *app) indexDuringImport(ctx context.Context, env *Env, rebuild bool) (afterBatch func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error, finish func() error, stop func(), err error) {
	if rebuild {
		env.Logger.Info("building the search indexes from scratch beside the import")
		ib, err := a.newIndexBuild(ctx, env, true)
		if err != nil {
			return nil, nil, nil, err
		}
		afterBatch, finish, stopFollow := behind(
			func(more <-chan struct{}) error { return ib.run(ctx, more) },
			ib.finish)
		return afterBatch, finish, func() { stopFollow(); ib.abort() }, nil
	}
	a.saveAtClose = true
	if err := a.openSearch(ctx, env); err != nil {
		return nil, nil, nil, err
	}
	afterBatch, finish, stop = behind(
		func(more <-chan struct{}) error {
			for range more {
				if err := a.catchupSearch(ctx); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return a.catchupSearch(ctx) })
	return afterBatch, finish, stop, nil
}

// minBytesPerPaper is less than any input format takes per paper (the daily
// crawl's gzip files hold about 590 bytes a line, uncompressed records 1 to
// 2 KB), so dividing by it overestimates the papers an import brings.
const minBytesPerPaper = 500

// rebuildIndexes reports whether an import --index of files should build the
// indexes from scratch with bounded memory rather than load and extend the
// existing ones: when there are none, or when the files may bring about as
// many papers as the database holds (say, a bulk import after serve loaded
// the demo corpus). Rebuilding then costs at most about twice indexing the
// import alone, while extending would hold the whole grown index in memory.
func (a *app) rebuildIndexes(ctx context.Context, files []string) (bool, error) {
	if !hasLexicalIndex(a.dataDir) {
		return true, nil
	}
	var size int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	n, err := a.papers.MaxSeq(ctx)
	return size/minBytesPerPaper >= n, err
}

// behind runs follow in a goroutine beside an import: afterBatch sends it a
// value on more after each committed batch (dropped when one is already
// pending), and finish closes more, waits for follow to return, then runs
// complete. A failed follow stops the import at its next batch.
func behind(follow func(more <-chan struct{}) error, complete func() error) (afterBatch func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error, finish func() error, stop func()) {
	more := make(chan struct{}, 1)
	done := make(chan error, 1)
	var failed atomic.Bool
	go func() {
		err := follow(more)
		if err != nil {
			failed.Store(true)
		}
		done <- err
	}()
	afterBatch = func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error {
		if failed.Load() {
			return errors.New("search index update failed; the import stopped (the database keeps every committed batch)")
		}
		select {
		case more <- struct{}{}:
		default: // a read is already due; it will see this batch too
		}
		return nil
	}
	var once sync.Once
	var loopErr error
	stop = func() {
		once.Do(func() {
			close(more)
			loopErr = <-done
		})
	}
	finish = func() error {
		stop()
		if loopErr != nil {
			return fmt.Errorf("update search index: %w", loopErr)
		}
		return complete()
	}
	return afterBatch, finish, stop
}

func addSummary(t, s *ingest.Summary) {
	t.Read += s.Read
	t.New += s.New
	t.Updated += s.Updated
	t.Unchanged += s.Unchanged
	t.Merged += s.Merged
	t.Skipped += s.Skipped
	t.Elapsed += s.Elapsed
}

// newImportProgress returns a progress callback for one file: a progress bar
// of bytes read when stderr is a terminal, else logp. done finishes the bar.
func newImportProgress(env *Env, file string, logp func(ingest.Progress)) (func(ingest.Progress), func()) {
	f, ok := env.Stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return logp, func() {}
	}
	var bar *progressbar.ProgressBar
	return func(p ingest.Progress) {
			if bar == nil {
				bar = progressbar.NewOptions64(p.BytesTotal, progressbar.OptionSetWriter(f),
					progressbar.OptionSetDescription(filepath.Base(file)), progressbar.OptionShowBytes(true),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30))
			}
			_ = bar.Set64(p.BytesRead)
		}, func() {
			if bar != nil {
				_ = bar.Finish()
			}
		}
}

// newProgressLogger returns a progress callback that logs one line every
// few seconds across all files of the command, for logs and pipes.
func newProgressLogger(env *Env) func(ingest.Progress) {
	start, last := time.Now(), time.Now()
	var doneRecords, doneWritten int // totals of files already finished
	var prev ingest.Progress
	return func(p ingest.Progress) {
		if p.File != prev.File && prev.File != "" {
			doneRecords, doneWritten = doneRecords+prev.Read, doneWritten+prev.Written
		}
		prev = p
		if time.Since(last) < 5*time.Second {
			return
		}
		last = time.Now()
		pct := 0.0
		if p.BytesTotal > 0 {
			pct = 100 * float64(p.BytesRead) / float64(p.BytesTotal)
		}
		written := doneWritten + p.Written
		env.Logger.Info("import progress", "file", p.File, "file_percent", fmt.Sprintf("%.1f", pct),
			"bytes_read", p.BytesRead, "bytes_total", p.BytesTotal, "records", doneRecords+p.Read,
			"papers_written", written, "papers_per_s", int(float64(written)/time.Since(start).Seconds()))
	}
}

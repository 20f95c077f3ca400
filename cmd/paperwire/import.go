package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/instance"
)

// runImport imports bulk files (arXiv metadata snapshot, daily listing crawls,
// Hugging Face daily_papers JSON) into the database. It never loads the demo
// corpus, so counts afterwards are exactly what was imported. An interrupted
// import resumes where it stopped when run again with the same file.
func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import")
	storeAt := addStoreFlags(fs, env)
	date := fs.String("date", "", "listing `day` (YYYY-MM-DD) for every record; default: a crawl file's name, HF's publishedAt day, or the first version's day")
	batch := fs.Int("batch", ingest.DefaultBatchSize, "papers per transaction")
	noTrain := fs.Bool("no-train", false, "do not retrain the built-in embedding model after a large import")
	withIndex := fs.Bool("index", false, "build both search indexes beside the import's writes and extend existing ones (without it, a missing keyword index is built beside the writes, and missing or outdated vectors are written after the import and any training)")
	noIndexFiles := fs.Bool("no-index-files", false, "do not write search index files during or after the import (serve or search then build them when they next open the data directory)")
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
	if err := servePprof(ctx, env); err != nil {
		return err
	}

	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	mode := instance.IndexKeywordBeside
	switch {
	case *withIndex:
		mode = instance.IndexBeside
	case *noIndexFiles:
		mode = instance.IndexNone
	}
	imp, err := in.StartImport(ctx, files, instance.ImportOptions{Indexing: mode, MayTrain: !*noTrain})
	if err != nil {
		return err
	}
	defer imp.Close()
	opt.AfterBatch = imp.AfterBatch
	st := in.Papers

	var total ingest.Summary
	var failed []string
	logProgress := newProgressLogger(env)
	// Each file's progress bar ends before the next one's begins: a file's
	// progress is reported from its writes, which wait for finished.
	dones := make([]func(), len(files))
	ingest.ImportFiles(ctx, st, st, files, func(i int) ingest.Options {
		o := opt
		o.Progress, dones[i] = newImportProgress(env, files[i], logProgress)
		return o
	}, func(i int, sum *ingest.Summary, err error) bool {
		dones[i]()
		sum.Print(env.Stdout)
		addSummary(&total, sum)
		if err != nil {
			if ctx.Err() != nil {
				return false
			}
			fmt.Fprintf(env.Stderr, "paperwire import: %v\n", err)
			failed = append(failed, files[i])
		}
		return true
	})
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted; run the same command again to resume: %w", ctx.Err())
	}
	if len(files) > 1 {
		fmt.Fprintf(env.Stdout, "total: %d files, read %d, new %d, updated %d, unchanged %d, merged duplicates %d, skipped %d in %s (%.0f papers/s)\n",
			len(files), total.Read, total.New, total.Updated, total.Unchanged, total.Merged, total.Skipped,
			total.Elapsed.Round(time.Millisecond), total.PapersPerSecond())
	}
	if err := imp.Finish(); err != nil {
		return err
	}
	if !*noTrain && total.New+total.Updated > 0 {
		if err := in.RetrainAfterImport(ctx, embed.DefaultTrainOptions(), imp, total.New); err != nil {
			return err
		}
	}
	if !*noIndexFiles && total.New+total.Updated > 0 {
		if err := in.WriteIndexFiles(ctx); err != nil {
			return fmt.Errorf("write search index files: %w", err)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files could not be imported", len(failed), len(files))
	}
	return nil
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

package instance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed"
)

// ImportRun is what an import into the instance needs beside the store: Go's
// collector tuned for the import and, with indexes, their build or catch-up
// running beside the database writes. Close it when the import returns.
type ImportRun struct {
	// AfterBatch is for ingest.Options.AfterBatch: it tells the indexes a
	// batch was committed, and stops the import if they failed. Nil when the
	// import does not index.
	AfterBatch func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error

	finish    func() error
	stop      func()
	restoreGC func()
	corpus    *embed.CorpusFollower // the training corpus read beside the writes, or nil
}

// ImportIndexing says what an import does with the search indexes while it
// writes the database.
type ImportIndexing int

const (
	// IndexKeywordBeside builds the keyword index beside the writes when the
	// data directory has none (a first import), on the core the database
	// writes leave idle; the vectors wait for the model trained after the
	// import (WriteIndexFiles), which would make them outdated. With a keyword
	// index already there, only the database is written.
	IndexKeywordBeside ImportIndexing = iota
	// IndexBeside builds both indexes beside the writes (import --index): from
	// scratch with bounded memory when there are none or the files may bring
	// about as many papers as the database holds (rebuildForImport), otherwise
	// by loading the existing ones and catching them up.
	IndexBeside
	// IndexNone writes only the database; the indexes catch up when they are
	// next opened (import --no-index-files).
	IndexNone
)

// ImportOptions say what an import does beside its database writes.
type ImportOptions struct {
	Indexing ImportIndexing
	// MayTrain says the import may train the embedding model when it is done
	// (RetrainAfterImport): a first import then reads the training corpus
	// beside the writes too, when the files cannot bring more papers than
	// an import trains on (autoTrainMaxPapers).
	MayTrain bool
}

// StartImport prepares an import of files.
func (in *Instance) StartImport(ctx context.Context, files []string, opts ImportOptions) (*ImportRun, error) {
	mode := opts.Indexing
	switch {
	case mode == IndexBeside:
		rebuild, err := in.rebuildForImport(ctx, files)
		if err != nil {
			return nil, err
		}
		r := &ImportRun{restoreGC: tuneGCForImport(in.getenv, true, rebuild)}
		if r.AfterBatch, r.finish, r.stop, err = in.indexDuringImport(ctx, rebuild); err != nil {
			r.restoreGC()
			return nil, err
		}
		return r, nil
	case mode == IndexKeywordBeside && !hasLexicalIndex(in.dataDir):
		ib, err := in.newIndexBuild(ctx, true, false)
		if err != nil {
			return nil, err
		}
		// Without a trained model, a first import that brings enough papers
		// trains one right after: its corpus is read beside the writes too.
		if opts.MayTrain && in.embedderKind() == embedderBuiltin && !exists(embed.ModelFile(in.dataDir)) {
			n, err := in.Papers.MaxSeq(ctx)
			if err != nil {
				ib.abort()
				return nil, err
			}
			if n+filesSize(files)/minBytesPerPaper <= autoTrainMaxPapers {
				ib.corpus = embed.NewCorpusFollower()
			}
		}
		in.log.Info("building the keyword index beside the import", "training_corpus", ib.corpus != nil)
		r := &ImportRun{restoreGC: tuneGCForImport(in.getenv, true, true), corpus: ib.corpus}
		r.AfterBatch, r.finish, r.stop = buildBeside(ctx, ib)
		return r, nil
	}
	return &ImportRun{restoreGC: tuneGCForImport(in.getenv, false, false),
		finish: func() error { return nil }, stop: func() {}}, nil
}

// Finish waits for the indexes to reach the import's last batch and writes
// them; without indexes it does nothing.
func (r *ImportRun) Finish() error { return r.finish() }

// Close ends the indexing without its last catch-up (an interrupted import:
// the indexes catch up from the database when next opened) and gives the
// collector back its settings. It is safe to call after Finish.
func (r *ImportRun) Close() {
	r.stop()
	r.restoreGC()
}

// indexDuringImport keeps the search indexes following an import from a
// second goroutine, so indexing runs beside the database writes instead of
// after each batch: afterBatch only signals that a batch was committed, and
// finish waits for the indexes to reach the last one and writes them. The
// indexes read the store's change feed, so after a crash they catch up from
// the database and stay consistent with it. stop ends the goroutine without
// the last catch-up (an interrupted import); it is safe to call after finish.
//
// With rebuild (see rebuildForImport) both indexes are built from scratch
// with bounded memory (indexBuild); otherwise the existing ones are loaded
// and caught up, held in memory.
func (in *Instance) indexDuringImport(ctx context.Context, rebuild bool) (afterBatch func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error, finish func() error, stop func(), err error) {
	if rebuild {
		in.log.Info("building the search indexes from scratch beside the import")
		ib, err := in.newIndexBuild(ctx, true, true)
		if err != nil {
			return nil, nil, nil, err
		}
		afterBatch, finish, stop = buildBeside(ctx, ib)
		return afterBatch, finish, stop, nil
	}
	in.saveAtClose = true
	if err := in.OpenSearch(ctx); err != nil {
		return nil, nil, nil, err
	}
	afterBatch, finish, stop = behind(
		func(more <-chan struct{}) error {
			for range more {
				if err := in.Catchup(ctx); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return in.Catchup(ctx) })
	return afterBatch, finish, stop, nil
}

// buildBeside runs ib beside an import's writes (behind), from scratch with
// bounded memory; stop also removes its temporary files.
func buildBeside(ctx context.Context, ib *indexBuild) (afterBatch func(context.Context, []*paperwire.Paper, paperwire.UpsertResult) error, finish func() error, stop func()) {
	afterBatch, finish, stopFollow := behind(
		func(more <-chan struct{}) error { return ib.run(ctx, more) },
		ib.finish)
	return afterBatch, finish, func() { stopFollow(); ib.abort() }
}

// minBytesPerPaper is less than any input format takes per paper (the daily
// crawl's gzip files hold about 590 bytes a line, uncompressed records 1 to
// 2 KB), so dividing by it overestimates the papers an import brings.
const minBytesPerPaper = 500

// rebuildForImport reports whether an import --index of files should build
// the indexes from scratch with bounded memory rather than load and extend
// the existing ones: when there are none, or when the files may bring about
// as many papers as the database holds (say, a bulk import after serve
// loaded the demo corpus). Rebuilding then costs at most about twice
// indexing the import alone, while extending would hold the whole grown
// index in memory.
func (in *Instance) rebuildForImport(ctx context.Context, files []string) (bool, error) {
	if !hasLexicalIndex(in.dataDir) {
		return true, nil
	}
	n, err := in.Papers.MaxSeq(ctx)
	return filesSize(files)/minBytesPerPaper >= n, err
}

// filesSize is the bytes files hold (those it can stat).
func filesSize(files []string) int64 {
	var size int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	return size
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

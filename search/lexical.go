package search

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/atomicfile"
)

// SnapshotName is the lexical index file inside DATA/index/.
const SnapshotName = "lexical-v1.bin"

// catchupBatch is how many changes one ChangesSince call asks for.
const catchupBatch = 1000

// bulkChanges is a catch-up large enough to trim the postings afterwards.
const bulkChanges = 10000

// Options configure a Lexical index.
type Options struct {
	Params Params
	Logger *slog.Logger
	// SaveEvery saves the snapshot once this many changes (default 20,000,
	// or a quarter of the index if that is more) were applied since the last
	// save; Close saves whatever is left.
	SaveEvery int
	// Progress, if set, is called after each applied batch of a catch-up with
	// the changes applied so far and the sequence reached.
	Progress func(applied int, seq int64)
}

// Lexical is the lexical index of a data directory: an Index derived from the
// store's change feed and persisted in DATA/index/lexical-v1.bin with the last
// sequence it applied. Opening loads the snapshot (or starts empty when it is
// missing, damaged or ahead of the store) and catches up from the feed.
type Lexical struct {
	ix       atomic.Pointer[Index]
	feed     paperwire.ChangeFeed
	path     string
	opts     Options
	mu       sync.Mutex // serialises Catchup, Save and Rebuild
	savedSeq int64
}

// maxSeqer is implemented by stores that can tell their newest sequence; it
// lets Open notice a snapshot that belongs to another, newer database.
type maxSeqer interface {
	MaxSeq(ctx context.Context) (int64, error)
}

// OpenLexical opens the lexical index of dataDir and catches it up with feed.
func OpenLexical(ctx context.Context, dataDir string, feed paperwire.ChangeFeed, opts Options) (*Lexical, error) {
	if opts.Params.K1 == 0 {
		opts.Params = DefaultParams()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.SaveEvery <= 0 {
		opts.SaveEvery = 20000
	}
	l := &Lexical{feed: feed, path: filepath.Join(dataDir, "index", SnapshotName), opts: opts}
	atomicfile.RemoveStale(l.path)
	start := time.Now()
	ix, err := LoadFile(l.path, opts.Params)
	switch {
	case err == nil:
		opts.Logger.Info("lexical index loaded", "docs", ix.Len(), "seq", ix.Seq(), "duration_ms", time.Since(start).Milliseconds())
	case errors.Is(err, fs.ErrNotExist):
		ix = NewIndex(opts.Params)
	case errors.Is(err, ErrCorruptSnapshot):
		opts.Logger.Warn("lexical index snapshot unreadable, rebuilding", "path", l.path, "err", err)
		ix = NewIndex(opts.Params)
	default:
		return nil, fmt.Errorf("load lexical index: %w", err)
	}
	if ms, ok := feed.(maxSeqer); ok && ix.Seq() > 0 {
		max, err := ms.MaxSeq(ctx)
		if err != nil {
			return nil, err
		}
		if max < ix.Seq() {
			opts.Logger.Warn("lexical index is ahead of the database, rebuilding", "index_seq", ix.Seq(), "db_seq", max)
			ix = NewIndex(opts.Params)
		}
	}
	l.ix.Store(ix)
	l.savedSeq = ix.Seq()
	if _, err := l.Catchup(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Index returns the live index (safe for concurrent searches).
func (l *Lexical) Index() *Index { return l.ix.Load() }

// Catchup applies every change past the index's sequence and returns how
// many it applied. Call it after each write batch; it is cheap when current.
// It saves the snapshot when enough changes piled up since the last save.
func (l *Lexical) Catchup(ctx context.Context) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.catchupLocked(ctx, l.ix.Load())
	if err != nil {
		return n, err
	}
	// Save after SaveEvery changes, or a quarter of the index if that is
	// more: a snapshot costs time proportional to the whole index.
	ix := l.ix.Load()
	if ix.Seq()-l.savedSeq >= int64(max(l.opts.SaveEvery, ix.Len()/4)) {
		err = l.saveLocked()
	}
	return n, err
}

// catchupLocked applies the feed's changes past ix's sequence to ix.
func (l *Lexical) catchupLocked(ctx context.Context, ix *Index) (int, error) {
	applied := 0
	lastLog := time.Now()
	docs := make([]Document, 0, catchupBatch)
	for {
		if err := ctx.Err(); err != nil {
			return applied, err
		}
		papers, err := l.feed.ChangesSince(ctx, ix.Seq(), catchupBatch)
		if err != nil {
			return applied, fmt.Errorf("lexical catch-up: %w", err)
		}
		if len(papers) == 0 {
			break
		}
		docs = docs[:0]
		seq := ix.Seq()
		for _, p := range papers {
			docs = append(docs, DocumentFromPaper(p))
			seq = max(seq, p.Seq)
		}
		ix.Apply(docs, nil, seq)
		applied += len(papers)
		if l.opts.Progress != nil {
			l.opts.Progress(applied, seq)
		}
		if time.Since(lastLog) > 5*time.Second {
			l.opts.Logger.Info("lexical catch-up", "applied", applied, "seq", seq)
			lastLog = time.Now()
		}
	}
	if applied >= bulkChanges {
		ix.Trim()
	}
	if applied > 0 {
		l.opts.Logger.Debug("lexical index caught up", "applied", applied, "seq", ix.Seq())
	}
	return applied, nil
}

// Save writes the snapshot now if anything changed since the last save.
func (l *Lexical) Save() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.saveLocked()
}

func (l *Lexical) saveLocked() error {
	ix := l.ix.Load()
	seq := ix.Seq()
	if seq == l.savedSeq {
		return nil
	}
	start := time.Now()
	if err := ix.SaveFile(l.path); err != nil {
		return fmt.Errorf("save lexical index: %w", err)
	}
	l.savedSeq = seq
	l.opts.Logger.Info("lexical index saved", "docs", ix.Len(), "seq", seq, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// Rebuild indexes the whole store from scratch into a new index, swaps it in
// and saves it: what `paperwire reindex` runs. Searches keep using the old
// index until the new one is complete.
func (l *Lexical) Rebuild(ctx context.Context) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ix := NewIndex(l.opts.Params)
	n, err := l.catchupLocked(ctx, ix)
	if err != nil {
		return n, err
	}
	ix.Compact()
	l.ix.Store(ix)
	l.savedSeq = -1
	return n, l.saveLocked()
}

// Close saves unsaved changes.
func (l *Lexical) Close() error { return l.Save() }

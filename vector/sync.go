package vector

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/atomicfile"
)

// Embedder is what Synced needs of an embedder (embed.Embedder satisfies it).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dim() int
	Name() string
}

// Synced keeps an Exact index derived from the database: it embeds every
// paper whose change sequence is past the index's, saves the index with that
// sequence, and on start loads the saved file, so vectors are computed once,
// not at every start. A saved file made by another embedder (a retrained
// model, a different provider) is discarded and rebuilt; after a crash the
// index simply catches up from the last sequence it saved.
type Synced struct {
	mu       sync.Mutex // one catch-up at a time
	x        *Exact
	emb      Embedder
	feed     paperwire.ChangeFeed
	path     string
	log      *slog.Logger
	savedSeq int64
	// SaveEvery is how many applied changes (at least, or a quarter of the
	// index if that is more) trigger a save during catch-up.
	SaveEvery int
}

// embedBatch is how many papers one catch-up step reads; they are embedded
// in up to GOMAXPROCS concurrent Embed calls.
const embedBatch = 512

// embedParallel embeds texts in up to GOMAXPROCS concurrent calls of at
// least 64 texts each, so a catch-up of many papers uses every core (a
// word-vector model is CPU-bound; an embedding server gets a few requests
// at once). Results keep the order of texts.
func embedParallel(ctx context.Context, emb Embedder, texts []string) ([][]float32, error) {
	workers := min(runtime.GOMAXPROCS(0), len(texts)/64)
	if workers <= 1 {
		return emb.Embed(ctx, texts)
	}
	out := make([][]float32, len(texts))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	chunk := (len(texts) + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(texts))
		wg.Add(1)
		go func() {
			defer wg.Done()
			vecs, err := emb.Embed(ctx, texts[lo:hi])
			if err == nil && len(vecs) != hi-lo {
				err = fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), hi-lo)
			}
			if err != nil {
				errs[w] = err
				return
			}
			copy(out[lo:hi], vecs)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// EmbedPapers embeds the papers' texts (PaperText) on every core; the
// vectors keep the papers' order.
func EmbedPapers(ctx context.Context, emb Embedder, papers []*paperwire.Paper) ([][]float32, error) {
	texts := make([]string, len(papers))
	for i, p := range papers {
		texts[i] = PaperText(p)
	}
	vecs, err := embedParallel(ctx, emb, texts)
	if err == nil && len(vecs) != len(papers) {
		err = fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(papers))
	}
	return vecs, err
}

// PaperText is the text a paper's vector is made from.
func PaperText(p *paperwire.Paper) string { return p.Title + "\n" + p.Abstract }

// OpenSynced loads the index saved at path (if it was made by emb) and
// catches it up with feed.
func OpenSynced(ctx context.Context, path string, emb Embedder, feed paperwire.ChangeFeed, log *slog.Logger) (*Synced, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Synced{emb: emb, feed: feed, path: path, log: log, SaveEvery: 20000}
	atomicfile.RemoveStale(path)
	x, err := Load(path)
	switch {
	case err == nil && x.Model() == emb.Name() && x.Dim() == emb.Dim():
		log.Info("vector index loaded", "vectors", x.Len(), "seq", x.Seq(), "model", x.Model())
	case err == nil:
		log.Info("vector index made by another embedder, rebuilding", "was", x.Model(), "now", emb.Name())
		x = nil
	case errors.Is(err, fs.ErrNotExist):
		x = nil
	default:
		log.Warn("vector index unreadable, rebuilding", "path", path, "err", err)
		x = nil
	}
	if x == nil {
		x = NewExact(emb.Dim(), emb.Name())
	}
	if ms, ok := feed.(interface {
		MaxSeq(context.Context) (int64, error)
	}); ok && x.Seq() > 0 {
		max, err := ms.MaxSeq(ctx)
		if err != nil {
			return nil, err
		}
		if max < x.Seq() {
			log.Warn("vector index is ahead of the database, rebuilding", "index_seq", x.Seq(), "db_seq", max)
			x = NewExact(emb.Dim(), emb.Name())
		}
	}
	s.x, s.savedSeq = x, x.Seq()
	if _, err := s.Catchup(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Index returns the live index.
func (s *Synced) Index() *Exact { return s.x }

// Catchup embeds every change past the index's sequence and returns how many
// papers it applied. Cheap when current; call it after each write batch.
func (s *Synced) Catchup(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	applied, start, lastLog := 0, time.Now(), time.Now()
	for {
		papers, err := s.feed.ChangesSince(ctx, s.x.Seq(), embedBatch)
		if err != nil {
			return applied, fmt.Errorf("vector catch-up: %w", err)
		}
		if len(papers) == 0 {
			break
		}
		vecs, err := EmbedPapers(ctx, s.emb, papers)
		if err != nil {
			return applied, fmt.Errorf("vector catch-up: embed: %w", err)
		}
		for i, p := range papers {
			if err := s.x.Add(p.ID, vecs[i]); err != nil {
				return applied, err
			}
		}
		s.x.SetSeq(papers[len(papers)-1].Seq)
		applied += len(papers)
		if time.Since(lastLog) > 5*time.Second {
			s.log.Info("embedding papers", "done", applied, "seq", s.x.Seq(), "papers_per_s", int(float64(applied)/time.Since(start).Seconds()))
			lastLog = time.Now()
		}
		// Saving rewrites the whole file, so the interval grows with the
		// index: a quarter of it, at least SaveEvery changes.
		if s.x.Seq()-s.savedSeq >= int64(max(s.SaveEvery, s.x.Len()/4)) {
			if err := s.saveLocked(); err != nil {
				return applied, err
			}
		}
	}
	if applied > 0 {
		s.log.Info("vector index caught up", "applied", applied, "vectors", s.x.Len(), "seq", s.x.Seq(),
			"duration_ms", time.Since(start).Milliseconds())
	}
	return applied, nil
}

// Save writes the index if it changed since the last save.
func (s *Synced) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

func (s *Synced) saveLocked() error {
	if s.x.Seq() == s.savedSeq {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("save vector index: %w", err)
	}
	if err := s.x.Save(s.path); err != nil {
		return fmt.Errorf("save vector index: %w", err)
	}
	s.savedSeq = s.x.Seq()
	return nil
}

// Close saves unsaved vectors.
func (s *Synced) Close() error { return s.Save() }

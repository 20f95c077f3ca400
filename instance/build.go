package instance

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/vector"
)

// buildBatch is how many changes one read of the feed takes.
const buildBatch = 1000

// indexBuild writes both search index files from the database's change
// feed, from the first change on, with memory that does not grow with the
// corpus: the keyword index spills its postings to disk (search.Builder) and
// vectors go straight to their file (vector.Builder). Each change is read
// once and handed to both, which work side by side. It serves reindex
// (RebuildIndexes), an import --index that rebuilds the indexes
// (rebuildForImport), and the first open of a large database without them
// (buildMissing).
//
// The files replace the old ones only at finish; until then (and after a
// crash) the old files stay, and anything missing is caught up from the
// database when the indexes are next opened.
type indexBuild struct {
	feed paperwire.ChangeFeed
	lex  *search.Builder // nil when only the vectors are built
	vecs *vector.Builder // nil when semantic search is off, or only the keyword index is built
	emb  vector.Embedder
	// corpus, when set, reads the training corpus from the same changes
	// (a first import, which trains right after).
	corpus *embed.CorpusFollower
	log    *slog.Logger
	seq    int64 // last change read
	read   int   // changes read
	// vectors is how many vectors finish wrote.
	vectors int
	// progress, if set, is called after each batch with the changes read.
	progress func(read int)
}

// run reads the feed and feeds both builders until it is exhausted after
// more is closed; each value received on more asks for another read (an
// import sends one per committed batch). A closed more reads to the end.
func (b *indexBuild) run(ctx context.Context, more <-chan struct{}) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var outs []chan []*paperwire.Paper
	var wg sync.WaitGroup
	errs := make([]error, 3)
	consume := func(i int, apply func(context.Context, []*paperwire.Paper) error) {
		ch := make(chan []*paperwire.Paper, 4)
		outs = append(outs, ch)
		wg.Go(func() {
			for papers := range ch {
				if err := apply(ctx, papers); err != nil {
					errs[i] = err
					cancel(err)
					return
				}
			}
		})
	}
	if b.lex != nil {
		consume(0, b.applyLexical)
	}
	if b.vecs != nil {
		consume(1, b.applyVectors)
	}
	if b.corpus != nil {
		consume(2, func(_ context.Context, papers []*paperwire.Paper) error {
			b.corpus.Add(papers)
			return nil
		})
	}
	err := b.readFeed(ctx, more, outs)
	for _, ch := range outs {
		close(ch)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return err
}

// readFeed reads changes past b.seq and hands each batch to every out.
func (b *indexBuild) readFeed(ctx context.Context, more <-chan struct{}, outs []chan []*paperwire.Paper) error {
	start, lastLog := time.Now(), time.Now()
	last := false
	for {
		papers, err := b.feed.ChangesSince(ctx, b.seq, buildBatch)
		if err != nil {
			return fmt.Errorf("build search indexes: %w", err)
		}
		if len(papers) == 0 {
			if last {
				return nil
			}
			select {
			case _, ok := <-more:
				last = !ok
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			continue
		}
		for _, p := range papers {
			b.seq = max(b.seq, p.Seq)
		}
		for _, out := range outs {
			select {
			case out <- papers:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		b.read += len(papers)
		if b.progress != nil {
			b.progress(b.read)
		}
		if time.Since(lastLog) >= 5*time.Second {
			b.log.Info("building search indexes", "papers", b.read, "seq", b.seq,
				"papers_per_s", int(float64(b.read)/time.Since(start).Seconds()))
			lastLog = time.Now()
		}
	}
}

func (b *indexBuild) applyLexical(_ context.Context, papers []*paperwire.Paper) error {
	docs := make([]search.Document, len(papers))
	seq := int64(0)
	for i, p := range papers {
		docs[i] = search.DocumentFromPaper(p)
		seq = max(seq, p.Seq)
	}
	return b.lex.Apply(docs, nil, seq)
}

func (b *indexBuild) applyVectors(ctx context.Context, papers []*paperwire.Paper) error {
	vecs, err := vector.EmbedPapers(ctx, b.emb, papers)
	if err != nil {
		return fmt.Errorf("build vector index: embed: %w", err)
	}
	for i, p := range papers {
		if err := b.vecs.Add(p.ID, vecs[i]); err != nil {
			return err
		}
		b.vecs.SetSeq(max(b.vecs.Seq(), p.Seq))
	}
	return nil
}

// buildAll reads the feed to its end and writes both files.
func (b *indexBuild) buildAll(ctx context.Context) error {
	all := make(chan struct{})
	close(all)
	if err := b.run(ctx, all); err != nil {
		return err
	}
	return b.finish()
}

// finish writes both files, side by side (at a million papers each is a
// gigabyte or more).
func (b *indexBuild) finish() error {
	var verr error
	var wg sync.WaitGroup
	if b.vecs != nil {
		wg.Go(func() {
			verr = b.vecs.Finish()
			b.vectors = b.vecs.Len()
		})
	}
	var err error
	if b.lex != nil {
		err = b.lex.Finish()
	}
	wg.Wait()
	return errors.Join(err, verr)
}

// abort removes the builders' temporary files; the old index files stay.
func (b *indexBuild) abort() {
	if b.lex != nil {
		b.lex.Abort()
	}
	if b.vecs != nil {
		b.vecs.Abort()
	}
}

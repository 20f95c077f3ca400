package instance

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/demo"
)

// LoadDemoIfEmpty fills an empty database with the bundled demo corpus, so
// a fresh data directory shows real papers, finishes a demo load that was
// interrupted (a start killed while loading it), and leaves any other
// database that holds papers untouched.
//
// Which database is which, from the checkpoints demo.LoadFrom writes in the
// same transaction as its batches:
//
//   - demo.LoadedKey present: the corpus is complete; nothing to do.
//   - demo.ProgressKey present (written with the very first batch): a demo
//     load started here and stopped after that many papers; resume it there.
//   - no papers: load the corpus from the start.
//   - papers but neither key: either a user's database (an import, a
//     harvest, or --no-demo followed by anything) or one an older Paperwire
//     was loading the demo into when it was killed (it wrote no checkpoints).
//     The older loader wrote the corpus in order from an empty database, so
//     its papers are exactly the first N corpus papers at seqs 1…N; only a
//     database whose papers are such a prefix is completed (or, if N is the
//     whole corpus, just marked loaded). Anything else is left alone.
func (in *Instance) LoadDemoIfEmpty(ctx context.Context) error {
	if v, err := in.Papers.Checkpoint(ctx, demo.LoadedKey); err != nil || v != "" {
		return err
	}
	at, err := in.Papers.Checkpoint(ctx, demo.ProgressKey)
	if err != nil {
		return err
	}
	seq, err := in.Papers.MaxSeq(ctx)
	if err != nil {
		return err
	}
	if at == "" && seq > maxDemoCorpus {
		// A database with more changes than the corpus has papers cannot
		// be an interrupted demo load: refuse before decoding the corpus.
		return nil
	}
	papers, err := demo.Papers()
	if err != nil {
		return err
	}
	from := 0
	switch {
	case at != "":
		n, err := strconv.Atoi(at)
		if err != nil || n < 0 || n > len(papers) {
			return fmt.Errorf("demo load checkpoint %s=%q: want a paper count from 0 to %d", demo.ProgressKey, at, len(papers))
		}
		from = n
	case seq > 0:
		n, err := in.demoPrefix(ctx, papers, seq)
		if err != nil || n == 0 {
			return err
		}
		from = n
	}
	if from > 0 {
		in.log.Info(fmt.Sprintf("resuming the demo load after %d papers", from), "papers_loaded", from, "papers_total", len(papers))
	}
	start := time.Now()
	res, err := demo.LoadFrom(ctx, in.Papers, papers, from)
	if err != nil {
		return err
	}
	in.log.Info("loaded demo corpus", "papers", res.New, "resumed_after", from, "duration_ms", time.Since(start).Milliseconds())
	return nil
}

// maxDemoCorpus is at least the bundled corpus's size (6,634 papers), so
// that the check it serves never refuses a real interrupted load; demoPrefix
// makes the exact one.
const maxDemoCorpus = 10000

// demoPrefix returns N if the database's papers are exactly the first N
// papers of the corpus, written in corpus order at seqs 1…N (what an
// interrupted demo load leaves), and 0 otherwise.
func (in *Instance) demoPrefix(ctx context.Context, corpus []*paperwire.Paper, maxSeq int64) (int, error) {
	if maxSeq > int64(len(corpus)) {
		return 0, nil
	}
	// The first paper settles most databases without reading the rest.
	first, err := in.Papers.ChangesSince(ctx, 0, 1)
	if err != nil || len(first) == 0 || first[0].ID != corpus[0].ID {
		return 0, err
	}
	stored, err := in.Papers.ChangesSince(ctx, 0, len(corpus)+1)
	if err != nil {
		return 0, err
	}
	if int64(len(stored)) != maxSeq {
		return 0, nil
	}
	for i, p := range stored {
		if p.Seq != int64(i+1) || p.ID != corpus[i].ID {
			return 0, nil
		}
	}
	return len(stored), nil
}

package ingest

import (
	"context"

	"github.com/paperwire/paperwire"
)

// ImportFiles imports paths in order, each with an Importer of its own
// (options gives file i's Options), reading and parsing each file while the
// one before it is written: a daily crawl is hundreds of small files, and
// one at a time their reading, parsing and writing took turns instead of
// running side by side. The writes stay in file order, one file after the
// other, as importing them one by one writes them.
//
// finished is called with each file's summary and error, in order, before
// the next file writes anything; it returns false to stop there (the file
// read ahead is then abandoned unwritten). A failed file does not stop the
// others unless finished says so.
func ImportFiles(ctx context.Context, w paperwire.PaperWriter, cps paperwire.CheckpointStore, paths []string,
	options func(i int) Options, finished func(i int, sum *Summary, err error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		sum *Summary
		err error
	}
	start := func(i int, gate <-chan struct{}) <-chan result {
		out := make(chan result, 1)
		opt := options(i)
		opt.WriteAfter = gate
		go func() {
			sum, err := NewImporter(w, cps, opt).ImportFile(ctx, paths[i])
			out <- result{sum, err}
		}()
		return out
	}
	if len(paths) == 0 {
		return
	}
	next := start(0, nil)
	for i := range paths {
		cur := next
		var proceed chan struct{}
		if i+1 < len(paths) {
			proceed = make(chan struct{})
			next = start(i+1, proceed)
		}
		res := <-cur
		more := finished(i, res.sum, res.err)
		if proceed == nil {
			return
		}
		if !more {
			cancel()
			<-next // the file read ahead stops at its gate
			return
		}
		close(proceed)
	}
}

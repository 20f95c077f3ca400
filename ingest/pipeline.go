package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// Chunk limits: records travel from the reader to the parsers in chunks, so
// channel traffic stays low; memory in flight is bounded by chunk count and size.
const (
	chunkRecords  = 256
	chunkBytes    = 1 << 20
	maxRepairedAt = 20
)

// run is one file's import: a reader goroutine cuts the input into chunks,
// parser goroutines decode and normalize them, and the calling goroutine
// takes the chunks back in file order, merges repeated ids and writes batches.
type run struct {
	im    *Importer
	src   *source
	sum   *Summary
	key   string
	parse parser
	ps    *parseState
	now   time.Time

	batch   []*paperwire.Paper
	index   map[string]int // id → position in batch
	readErr error          // set by the reader before it closes the order channel
	opened  time.Time      // when Options.WriteAfter let the writes begin
}

// chunkBufs recycles the chunks' raw-record buffers: a parser returns a
// buffer as soon as it has decoded the records (they copy what they keep),
// so an import allocates a few of them instead of one per chunk, which was
// a third of all it allocated. A pool, not a free list per file: an import
// of hundreds of small files reuses them from one file to the next.
var chunkBufs = sync.Pool{New: func() any { return new([]byte) }}

type chunk struct {
	buf     []byte
	ends    []int // end of each record's data in buf
	nums    []int
	errs    []*RecordError
	results []result
	done    chan struct{}
}

type result struct {
	paper    *paperwire.Paper
	err      *RecordError
	repaired bool
}

func (r *run) pipeline(ctx context.Context, rr recordReader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan *chunk, 2*r.im.work+2)
	work := make(chan *chunk, 2*r.im.work+2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		defer close(order)
		r.readErr = r.read(ctx, rr, order, work)
	}()
	for range r.im.work {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				r.parseChunk(c)
			}
		}()
	}
	err := r.write(ctx, order)
	cancel()
	for range order { // let the reader finish if the writer stopped early
	}
	wg.Wait()
	return err
}

// read fills chunks until the input ends; it returns io.EOF at a clean end.
func (r *run) read(ctx context.Context, rr recordReader, order, work chan<- *chunk) error {
	newChunk := func() *chunk {
		return &chunk{done: make(chan struct{}), buf: (*chunkBufs.Get().(*[]byte))[:0]}
	}
	c := newChunk()
	send := func() bool {
		if len(c.nums) == 0 {
			return true
		}
		select {
		case order <- c:
		case <-ctx.Done():
			return false
		}
		work <- c
		c = newChunk()
		return true
	}
	for {
		rec, err := rr.next()
		if rec.num > 0 {
			c.buf = append(c.buf, rec.data...)
			c.ends = append(c.ends, len(c.buf))
			c.nums = append(c.nums, rec.num)
			c.errs = append(c.errs, rec.err)
			if len(c.nums) >= chunkRecords || len(c.buf) >= chunkBytes {
				if !send() {
					return ctx.Err()
				}
			}
		}
		if err != nil {
			if !send() {
				return ctx.Err()
			}
			return err
		}
	}
}

func (r *run) parseChunk(c *chunk) {
	defer close(c.done)
	c.results = make([]result, len(c.nums))
	start := 0
	for i, end := range c.ends {
		data := c.buf[start:end]
		start = end
		res := &c.results[i]
		if c.errs[i] != nil {
			res.err = c.errs[i]
			continue
		}
		res.repaired = !utf8.Valid(data)
		rec, err := r.parse(data, r.ps)
		if err == nil {
			res.paper, err = Normalize(rec, r.now)
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				re = skipf(ReasonMalformed, "%v", err)
			}
			res.err, res.paper = re, nil
		}
	}
	buf := c.buf[:0]
	chunkBufs.Put(&buf)
	c.buf = nil
}

// write consumes chunks in file order and commits batches.
func (r *run) write(ctx context.Context, order <-chan *chunk) error {
	if gate := r.im.opt.WriteAfter; gate != nil {
		select {
		case <-gate:
			r.opened = time.Now()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	r.index = make(map[string]int, r.im.opt.BatchSize)
	last := r.sum.ResumedAfter
	for c := range order {
		// Checked first: when both are ready a select picks at random, and a
		// cancelled import must never go on to commit.
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case <-c.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		for i, res := range c.results {
			num := c.nums[i]
			r.sum.Read++
			last = num
			if res.err != nil {
				r.sum.skip(num, res.err)
				continue
			}
			if res.repaired {
				r.sum.Repaired++
				if len(r.sum.RepairedAt) < maxRepairedAt {
					r.sum.RepairedAt = append(r.sum.RepairedAt, num)
				}
			}
			r.add(res.paper)
			if len(r.batch) >= r.im.opt.BatchSize {
				if err := r.flush(ctx, fmt.Sprintf("at=%d", num)); err != nil {
					return err
				}
			}
		}
		r.progress()
	}
	if r.readErr != nil && !errors.Is(r.readErr, io.EOF) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.sum.Truncated = fmt.Sprintf("after record %d: %v", last, r.readErr)
		r.im.log.Warn("input ended early", "file", r.src.name, "after", last, "err", r.readErr)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := r.flush(ctx, fmt.Sprintf("done=%d", last)); err != nil {
		return err
	}
	r.progress()
	return nil
}

// add puts p in the batch, merging it into an earlier record of the same id.
func (r *run) add(p *paperwire.Paper) {
	if i, ok := r.index[p.ID]; ok {
		r.batch[i], _ = paperwire.MergePaper(r.batch[i], p)
		r.sum.Merged++
		return
	}
	r.index[p.ID] = len(r.batch)
	r.batch = append(r.batch, p)
}

// flush commits the batch with the checkpoint saying how far the file is read.
func (r *run) flush(ctx context.Context, cp string) error {
	res, err := r.im.w.UpsertPapersAt(ctx, r.batch, paperwire.Checkpoint{Key: r.key, Value: cp})
	if err != nil {
		return fmt.Errorf("%s: write batch: %w", r.src.name, err)
	}
	r.sum.New += res.New
	r.sum.Updated += res.Updated
	r.sum.Unchanged += res.Unchanged
	if r.im.opt.AfterBatch != nil && len(r.batch) > 0 {
		if err := r.im.opt.AfterBatch(ctx, r.batch, res); err != nil {
			return fmt.Errorf("%s: after batch: %w", r.src.name, err)
		}
	}
	r.batch = make([]*paperwire.Paper, 0, r.im.opt.BatchSize)
	clear(r.index)
	return nil
}

func (r *run) progress() {
	if r.im.opt.Progress == nil {
		return
	}
	r.im.opt.Progress(Progress{File: r.src.name, BytesRead: r.src.raw.n.Load(), BytesTotal: r.src.size,
		Read: r.sum.Read, Written: r.sum.Written()})
}

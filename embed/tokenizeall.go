package embed

import "context"

// tokenizeChunk is how many documents one tokenizing job takes.
const tokenizeChunk = 256

// readTokenized reads src and hands each document, tokenized, to add in
// src's order. Reading (a store's change feed), tokenizing (on workers
// goroutines) and add (the vocabulary, which must see documents in order for
// word ids to be the same every run) overlap: tokenizing is most of the time
// it takes to read a corpus for training, and one core would otherwise do
// all of it while the other waits.
func readTokenized(ctx context.Context, src DocSource, workers int, add func(tokenizedDoc)) error {
	type job struct {
		docs []Doc
		out  chan []tokenizedDoc
	}
	jobs := make(chan job, workers)
	order := make(chan chan []tokenizedDoc, 2*workers)
	for range workers {
		go func() {
			for j := range jobs {
				res := make([]tokenizedDoc, len(j.docs))
				for i, d := range j.docs {
					res[i] = tokenizeDoc(d)
				}
				j.out <- res
			}
		}()
	}
	var srcErr error
	go func() {
		defer close(jobs)
		defer close(order)
		chunk := make([]Doc, 0, tokenizeChunk)
		flush := func() {
			out := make(chan []tokenizedDoc, 1)
			order <- out
			jobs <- job{chunk, out}
			chunk = make([]Doc, 0, tokenizeChunk)
		}
		srcErr = src(func(d Doc) bool {
			chunk = append(chunk, d)
			if len(chunk) == tokenizeChunk {
				flush()
			}
			return ctx.Err() == nil
		})
		if len(chunk) > 0 {
			flush()
		}
	}()
	for out := range order {
		for _, d := range <-out {
			add(d)
		}
	}
	return srcErr
}

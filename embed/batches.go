package embed

import (
	"context"
	"math/rand/v2"
)

// batch is one training step's pairs, or (last) the end of an epoch.
type batch struct {
	epoch int
	pairs []pair
	done  int // pairs of the epoch up to and including this batch
	total int // pairs in the epoch
	last  bool
}

// batches draws every epoch's pairs and builds their bags one batch at a
// time on a goroutine of its own, a couple of batches ahead of the steps:
// building bags is serial work that would otherwise leave a core idle while
// a step waits for it. It is the only user of rng once training starts and
// draws from it in the same order as building each batch just before its
// step did, so a seed gives the same model as before. Each epoch ends with a
// batch marked last and without pairs. Cancel ctx to stop it.
func (c *corpus) batches(ctx context.Context, rng *rand.Rand, opts TrainOptions) <-chan batch {
	out := make(chan batch, 2)
	send := func(b batch) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	go func() {
		defer close(out)
		for epoch := 1; epoch <= opts.Epochs; epoch++ {
			specs := c.specs(rng, opts.ICTPerDoc)
			for lo := 0; lo < len(specs); lo += opts.BatchSize {
				hi := min(lo+opts.BatchSize, len(specs))
				if hi-lo < 2 {
					break // a lone pair has no negatives
				}
				pairs := c.pairs(specs[lo:hi], rng, opts.KeepSentence, opts.DocDropout)
				if !send(batch{epoch: epoch, pairs: pairs, done: hi, total: len(specs)}) {
					return
				}
			}
			if !send(batch{epoch: epoch, total: len(specs), last: true}) {
				return
			}
		}
	}()
	return out
}

package embed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"time"
)

// Doc is one training document: a paper's title and abstract.
type Doc struct {
	Title, Text string
}

// TrainOptions tunes Train. The zero value gives the defaults measured best on
// scientific abstracts (docs/decisions/020-semantic-layer.md).
type TrainOptions struct {
	Init         *Table  // pretrained word vectors to start from (Pretrained()); nil starts at random
	Dim          int     // vector size, at least Init.Dim; default 300 (100 pretrained + 200 learned from the corpus)
	MinDF        int     // train words in at least this many documents; default 2 (the others get their documents' direction, rareWord)
	Epochs       int     // passes over the pairs; default: about 400,000 pairs in all, 1 to 12 passes
	BatchSize    int     // pairs per step; every other pair's document is a negative; default 256
	LearningRate float32 // Adagrad step; default 0.05
	Temperature  float32 // softmax temperature on cosine similarities; default 0.1
	ICTPerDoc    int     // inverse-cloze pairs drawn per document per epoch; default 4
	KeepSentence float32 // chance an inverse-cloze document keeps its query sentence; default 0.1
	DocDropout   float32 // chance each distinct word of a pair's document side is left out of a step; default 0.5, negative for none
	// RareScale multiplies the length of the vectors of words under MinDF
	// (rareWord); default 1.
	RareScale float32
	Seed      uint64 // same seed, same docs, same options: same model
	Workers   int    // goroutines; default 2
	Logger    *slog.Logger
	Progress  func(TrainProgress) // called after every epoch
}

// TrainProgress reports one finished epoch.
type TrainProgress struct {
	Epoch, Epochs int
	Pairs         int
	Loss          float64 // mean contrastive loss of the epoch
	Elapsed       time.Duration
}

func (o *TrainOptions) defaults() {
	if o.Dim == 0 {
		o.Dim = 300
	}
	if o.BatchSize == 0 {
		o.BatchSize = 256
	}
	if o.LearningRate == 0 {
		o.LearningRate = 0.05
	}
	if o.Temperature == 0 {
		o.Temperature = 0.1
	}
	if o.ICTPerDoc == 0 {
		o.ICTPerDoc = 4
	}
	if o.KeepSentence == 0 {
		o.KeepSentence = 0.1
	}
	if o.MinDF == 0 {
		o.MinDF = 2
	}
	if o.RareScale == 0 {
		o.RareScale = 1
	}
	if o.DocDropout == 0 {
		o.DocDropout = 0.5
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Train learns a Model from docs alone: word vectors (started from opts.Init)
// are tuned so that a title lands near its own abstract and a sentence near
// the rest of its abstract, against the other documents of the batch
// (in-batch InfoNCE). No queries or relevance judgments are involved, so it
// is safe to run on any corpus a user imports.
func Train(ctx context.Context, docs []Doc, opts TrainOptions) (*Model, error) {
	return TrainSource(ctx, DocsSource(docs), opts)
}

// TrainSource is Train over documents read one at a time: only their word
// ids are kept, so a large store can be trained on without holding its text.
func TrainSource(ctx context.Context, src DocSource, opts TrainOptions) (*Model, error) {
	opts.defaults()
	return train(ctx, opts, func() (*corpusBuilder, error) {
		b := newCorpusBuilder()
		return b, readTokenized(ctx, src, opts.Workers, b.addTokens)
	})
}

// train trains on the corpus read returns.
func train(ctx context.Context, opts TrainOptions, read func() (*corpusBuilder, error)) (*Model, error) {
	m, _, err := trainCorpus(ctx, opts, read, false)
	return m, err
}

// trainCorpus is train, and returns the corpus too: with keepBags, with
// its documents' bags of model rows (corpus.docBags), for their vectors.
func trainCorpus(ctx context.Context, opts TrainOptions, read func() (*corpusBuilder, error), keepBags bool) (*Model, *corpus, error) {
	if opts.Init != nil && opts.Init.Dim > opts.Dim {
		return nil, nil, fmt.Errorf("embed: init vectors have dim %d, more than %d", opts.Init.Dim, opts.Dim)
	}
	start := time.Now()
	// Training's garbage is per-batch buffers while its live data (vectors,
	// token ids) is large: a lower GC target trades a little CPU for a peak
	// memory well under twice the live data.
	if old := debug.SetGCPercent(trainGCPercent); old < trainGCPercent {
		debug.SetGCPercent(old) // GOGC was set lower, or off: keep it
	} else {
		defer debug.SetGCPercent(old)
	}
	b, err := read()
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	c := b.build(opts.MinDF)
	c.keepBags = keepBags
	if len(c.docs) < 2 {
		return nil, nil, errors.New("embed: need at least two documents with text to train")
	}
	if opts.Epochs == 0 {
		opts.Epochs = autoEpochs(len(c.docs) * (1 + opts.ICTPerDoc))
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	params := initParams(c.vocab.words, len(c.rare), opts.Dim, opts.Init, rng)
	opts.Init = nil // the pretrained table is no longer needed: let it go
	// Reading the corpus left garbage (texts, pages of the feed, the
	// pretrained table): give it back to the system before the long part.
	debug.FreeOSMemory()
	t := newTrainer(params, c.vocab.idf, opts)
	opts.Logger.Info("embed train start", "docs", len(c.docs), "vocab", len(c.vocab.words), "dim", opts.Dim,
		"init_known", params.known, "epochs", opts.Epochs)
	ctx, stop := context.WithCancel(ctx)
	defer stop() // ends the batch builder when training fails
	var lossSum float64
	var batches int
	lastLog := time.Now()
	for b := range c.batches(ctx, rng, opts) {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if !b.last {
			lossSum += t.step(b.pairs)
			batches++
			// An epoch over a large corpus takes minutes: say how far it is.
			if time.Since(lastLog) >= 10*time.Second {
				opts.Logger.Info("embed train progress", "epoch", b.epoch, "epochs", opts.Epochs,
					"percent", math.Round(1000*float64(b.done)/float64(b.total))/10, "loss", math.Round(lossSum/float64(batches)*1000)/1000)
				lastLog = time.Now()
			}
			continue
		}
		p := TrainProgress{Epoch: b.epoch, Epochs: opts.Epochs, Pairs: b.total, Loss: lossSum / float64(max(batches, 1)), Elapsed: time.Since(start)}
		opts.Logger.Info("embed train epoch", "epoch", b.epoch, "epochs", opts.Epochs, "pairs", p.Pairs,
			"loss", math.Round(p.Loss*1000)/1000, "elapsed", p.Elapsed.Round(time.Millisecond))
		if opts.Progress != nil {
			opts.Progress(p)
		}
		lossSum, batches, lastLog = 0, 0, time.Now()
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	// The optimiser's state is as large as the vectors: let it go before the
	// model is written.
	t.grads = nil
	debug.FreeOSMemory() // before withRare fills the rare rows
	words, idfs, vecs := c.withRare(t)
	t, params = nil, nil
	m, err := newModel(words, idfs, vecs, opts.Dim, len(c.docs))
	if err != nil {
		return nil, nil, err
	}
	opts.Logger.Info("embed train done", "name", m.Name(), "elapsed", time.Since(start).Round(time.Millisecond))
	return m, c, nil
}

// trainGCPercent is the garbage collector's target while training (GOGC).
const trainGCPercent = 10

// extraScale shrinks the random start of components beyond the pretrained
// ones, so they do not drown the pretrained similarities at the start.
const extraScale = 0.3

// pairBudget is how many training pairs a model sees when Epochs is not set:
// small corpora get up to 12 passes, corpora of 80,000 papers and more one
// (training time then grows linearly with the corpus). SciFact (5k
// abstracts, 12 passes) gains little past this budget.
const pairBudget = 400_000

func autoEpochs(pairsPerEpoch int) int {
	return min(12, max(1, (pairBudget+pairsPerEpoch/2)/max(1, pairsPerEpoch)))
}

// params are the trainable word vectors and their Adagrad accumulators.
type params struct {
	vecs  []float32
	accum []float32 // one per component
	dim   int
	known int // rows started from pretrained vectors
}

// initParams starts known words at their pretrained vectors and the rest at
// random vectors of the same per-component spread. When dim exceeds the
// pretrained size, the extra components start random for every word (scaled
// by extraScale): room for what the corpus teaches beyond the pretrained space.
//
// The vectors get room for rare more rows (withRare fills them after
// training): reserved now, they are not copied later, and the pages stay
// untouched until then.
func initParams(words []string, rare, dim int, init *Table, rng *rand.Rand) *params {
	p := &params{vecs: make([]float32, len(words)*dim, (len(words)+rare)*dim), accum: make([]float32, len(words)*dim), dim: dim}
	sd := float32(0.3)
	if init != nil && len(init.Vecs) > 0 {
		var ss float64
		for _, x := range init.Vecs {
			ss += float64(x) * float64(x)
		}
		sd = float32(math.Sqrt(ss / float64(len(init.Vecs))))
	}
	for i, w := range words {
		row := p.vecs[i*dim : (i+1)*dim]
		from := 0
		if init != nil {
			if j := init.Lookup(w); j >= 0 {
				from = copy(row, init.Row(j))
				p.known++
			}
		}
		for k := from; k < dim; k++ {
			s := sd
			if from > 0 || (init != nil && k >= init.Dim) {
				s = sd * extraScale
			}
			row[k] = float32(rng.NormFloat64()) * s
		}
	}
	return p
}

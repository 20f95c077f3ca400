// Package foryou ranks recent papers for one reader by the papers they
// liked: a per-user model over each paper's vector (from the embedding
// model) and its keyword features (tf·idf of title and abstract words and
// its arXiv categories).
//
// Two models are offered. A linear SVM trained per request on the liked
// papers against the candidates, as arxiv-sanity-lite does, and the
// centroid of the liked papers. bench/foryou measures both against simple
// baselines on the real crawl; docs/decisions/021-for-you-model.md records
// why the default is what it is.
//
// Training is cheap (tens of milliseconds for a month of papers), so the
// model is never stored: it is refit whenever the likes or the candidates
// change, and callers cache the ranking.
package foryou

// Paper is one paper as the model sees it.
type Paper struct {
	ID         string
	Title      string
	Abstract   string
	Categories []string
	// Vec is the paper's unit vector from the embedding model; nil when
	// there is none (semantic search off, or not embedded yet). Papers
	// without one are compared by their keywords alone.
	Vec []float32
}

// Ranked is a candidate's place in the ranking.
type Ranked struct {
	ID    string
	Score float64
	// Because is the id of the liked paper most like this one ("like X
	// that you upvoted"); set for the first Options.Explain papers.
	Because string
}

// Methods.
const (
	MethodSVM      = "svm"
	MethodCentroid = "centroid"
)

// Options tune Rank; the zero value is the measured default.
type Options struct {
	// Method is MethodSVM or MethodCentroid; "" means DefaultMethod.
	Method string
	// VecWeight is the share of the paper vector in a paper's features
	// (the rest is keywords); 0 means DefaultVecWeight, negative means none.
	VecWeight float64
	// Lambda is the SVM's regularisation; 0 means DefaultLambda.
	Lambda float64
	// Epochs is how many passes over the training papers the SVM makes; 0
	// means DefaultEpochs.
	Epochs int
	// Explain is how many of the best papers get a Because; 0 means 100.
	Explain int
	// Seed makes the SVM's sampling repeatable.
	Seed uint64
}

// Defaults, chosen by bench/foryou (see docs/decisions/021-for-you-model.md).
const (
	DefaultMethod    = MethodSVM
	DefaultVecWeight = 0.15
	DefaultLambda    = 1e-3
	DefaultEpochs    = 10
)

func (o Options) withDefaults() Options {
	if o.Method == "" {
		o.Method = DefaultMethod
	}
	if o.VecWeight == 0 {
		o.VecWeight = DefaultVecWeight
	}
	if o.VecWeight < 0 {
		o.VecWeight = 0
	}
	if o.VecWeight > 1 {
		o.VecWeight = 1
	}
	if o.Lambda <= 0 {
		o.Lambda = DefaultLambda
	}
	if o.Epochs <= 0 {
		o.Epochs = DefaultEpochs
	}
	if o.Explain <= 0 {
		o.Explain = 100
	}
	return o
}

package foryou

import (
	"sort"
	"sync"

	"github.com/paperwire/paperwire/search/analysis"
)

// Ranker ranks papers (Rank) and remembers the analysed words of the
// papers it has seen, so ranking the same month of papers for the next
// reader does not analyse every abstract again. It is safe for concurrent
// use; the memory is bounded by maxCached papers.
type Ranker struct {
	mu    sync.Mutex
	an    *analysis.Analyzer
	dict  map[string]int32
	terms map[string][]entry // by paper id: term counts, sorted by term
}

// maxCached bounds the papers whose words a Ranker keeps: a few months of
// arXiv listings. Past it the cache starts over.
const maxCached = 50_000

// maxVocab bounds the word ids; past it the dictionary starts over with the cache.
const maxVocab = 1 << 21

// NewRanker returns an empty Ranker.
func NewRanker() *Ranker { return &Ranker{} }

func (r *Ranker) reset() {
	r.an = analysis.NewLimited(1 << 17)
	r.dict = map[string]int32{}
	r.terms = map[string][]entry{}
}

// termsOf returns each paper's term counts (entry.w holds the count) and
// the size of the vocabulary they index into.
// Papers are keyed by id: a paper whose text changes keeps its old words
// until the cache starts over, which a revised abstract survives.
func (r *Ranker) termsOf(papers []Paper) ([][]entry, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dict == nil || len(r.terms) > maxCached || len(r.dict) > maxVocab {
		r.reset()
	}
	out := make([][]entry, len(papers))
	for i, p := range papers {
		if es, ok := r.terms[p.ID]; ok && p.ID != "" {
			out[i] = es
			continue
		}
		out[i] = r.analyse(p)
		if p.ID != "" {
			r.terms[p.ID] = out[i]
		}
	}
	return out, len(r.dict)
}

// analyse counts a paper's words (title words count titleWeight times)
// and categories.
func (r *Ranker) analyse(p Paper) []entry {
	tf := map[int32]float32{}
	add := func(term string, w float32) {
		id, ok := r.dict[term]
		if !ok {
			id = int32(len(r.dict))
			r.dict[term] = id
		}
		tf[id] += w
	}
	for _, t := range r.an.Terms(p.Title) {
		add(t, titleWeight)
	}
	for _, t := range r.an.Terms(p.Abstract) {
		add(t, 1)
	}
	for _, c := range p.Categories {
		add(catPrefix+c, 1)
	}
	es := make([]entry, 0, len(tf))
	for t, c := range tf {
		es = append(es, entry{t, c})
	}
	sort.Slice(es, func(a, b int) bool { return es[a].term < es[b].term })
	return es
}

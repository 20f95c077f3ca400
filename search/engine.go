package search

import (
	"context"
	"log/slog"
	"sync"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search/query"
)

// Embedder turns texts into vectors. The semantic layer implements it (a
// model trained on the corpus, word-vector files, or an HTTP embedding service).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dim() int
}

// VectorIndex finds the k stored vectors nearest to vec among the papers
// keep accepts (nil accepts all), best first.
type VectorIndex interface {
	Search(vec []float32, k int, keep func(id string) bool) ([]Scored, error)
}

// VectorLookup is implemented by vector indexes that can return a stored
// paper's vector (nil when it has none), which related papers prefer over
// embedding the text again.
type VectorLookup interface {
	Vector(id string) []float32
}

// CandidateScorer is implemented by vector indexes that can score given ids
// against a query vector (found[i] is false for an id without a vector).
// With Fusion.Rerank, hybrid search scores the lexical candidates this way
// instead of scanning every vector: the cost no longer grows with the index.
type CandidateScorer interface {
	Score(q []float32, ids []string) (scores []float32, found []bool, err error)
}

// KeyedScorer is a CandidateScorer that also takes a dense number per id
// (keys[i] for ids[i]: the keyword index's document numbers) and the name of
// that numbering (Index.Numbering: a key names one id for as long as the
// numbering lasts), which it may use to find the ids' vectors faster; the
// result is Score's.
type KeyedScorer interface {
	ScoreKeyed(q []float32, ids []string, keys []uint32, numbering uint64) (scores []float32, found []bool, err error)
}

// Semantic is the optional semantic half of the engine.
type Semantic struct {
	Embedder Embedder
	Vectors  VectorIndex
}

// IndexSource hands out the current lexical index; *Lexical and *Index both
// implement it (a Lexical may swap in a rebuilt index at any time).
type IndexSource interface {
	Index() *Index
}

// Search modes.
const (
	ModeLexical = "bm25"
	ModeVector  = "vector"
	ModeHybrid  = "hybrid"
)

// Engine answers searches and related-paper lookups, fusing lexical and
// semantic rankings when a semantic layer is present. With sem nil, hybrid
// search is lexical search: plugging the semantic layer in is one argument.
type Engine struct {
	lex    IndexSource
	sem    *Semantic
	fusion Fusion
	log    *slog.Logger
}

// NewEngine returns an engine over lex and, if not nil, sem.
func NewEngine(lex IndexSource, sem *Semantic, f Fusion, log *slog.Logger) *Engine {
	if sem != nil && (sem.Embedder == nil || sem.Vectors == nil) {
		sem = nil
	}
	if f.Depth <= 0 {
		f.Depth = 100
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{lex: lex, sem: sem, fusion: f, log: log}
}

// HasSemantic reports whether a semantic layer is plugged in.
func (e *Engine) HasSemantic() bool { return e.sem != nil }

// Index returns the current lexical index.
func (e *Engine) Index() *Index { return e.lex.Index() }

// Search runs req in mode ("" means hybrid). Returns EINVALID for vector mode
// without a semantic layer. If the semantic layer fails (an embedding service
// down), hybrid search falls back to lexical results and logs why.
func (e *Engine) Search(ctx context.Context, req Request, mode string) (Result, error) {
	ix := e.lex.Index()
	q := &req.Query
	if !req.Proximity.On() {
		req.Proximity = e.fusion.Proximity // keyword search too, and hybrid's fallback to it
	}
	switch mode {
	case "", ModeHybrid:
		if e.sem == nil || !q.HasTerms() || (q.Sort != "" && q.Sort != query.SortRelevance) {
			return ix.Search(req), nil
		}
		return e.hybrid(ctx, ix, req)
	case ModeLexical:
		return ix.Search(req), nil
	case ModeVector:
		if e.sem == nil {
			return Result{}, paperwire.Errorf(paperwire.EINVALID, "Semantic search is not configured.")
		}
		if !q.HasTerms() {
			return ix.Search(req), nil
		}
		limit, offset := pageOf(req)
		sem, err := e.semantic(ctx, ix, req, offset+limit)
		if err != nil {
			return Result{}, err
		}
		return e.page(ix, sem, offset, limit, len(sem), nil), nil
	}
	return Result{}, paperwire.Errorf(paperwire.EINVALID, "Unknown search mode %q.", mode)
}

func (e *Engine) hybrid(ctx context.Context, ix *Index, req Request) (Result, error) {
	limit, offset := pageOf(req)
	depth := max(e.fusion.Depth, offset+limit)
	lreq := req
	lreq.Offset, lreq.Limit = 0, depth
	cb := candidateBufs.Get().(*candidateBuf)
	defer cb.release()
	lex, docs, lres := ix.searchScored(lreq, cb.lex)
	cb.lex = lex
	var fused []Scored
	var err error
	f := e.fusion.For(&req.Query)
	if cs, ok := e.sem.scorer(f); ok && len(lex) > 0 {
		// The page needs the best offset+limit; a few more in case one was
		// deleted since the lexical search (page skips what it cannot find).
		fused, err = e.rerank(ctx, f, cs, req.Query.Text(), lex, docs, offset+limit+8, cb)
	} else {
		var sem []Scored
		if sem, err = e.semantic(ctx, ix, req, depth); err == nil {
			fused = Fuse(f, lex, sem)
		}
	}
	if err != nil {
		e.log.Warn("semantic search failed, using lexical results", "err", err)
		return ix.Search(req), nil
	}
	return e.page(ix, fused, offset, limit, max(lres.Total, len(fused)), lres.Facets), nil
}

// semantic embeds the query text and asks the vector index for k papers
// that also pass the query's filters.
func (e *Engine) semantic(ctx context.Context, ix *Index, req Request, k int) ([]Scored, error) {
	vec, err := e.embed(ctx, req.Query.Text())
	if err != nil {
		return nil, err
	}
	filter := ix.Matcher(req.Query)
	if req.Filter != nil {
		inner := filter
		filter = func(id string) bool { return (inner == nil || inner(id)) && req.Filter(id) }
	}
	return e.sem.Vectors.Search(vec, k, filter)
}

// candidateBuf holds one hybrid search's candidate lists, a thousand ids and
// scores (40 kB), kept for the next search instead of left to the
// collector. Nothing a search returns points into them.
type candidateBuf struct {
	lex []Scored
	ids []string
}

var candidateBufs = sync.Pool{New: func() any { return new(candidateBuf) }}

// release clears the lists (they would otherwise hold ids of papers a later
// compaction drops) and returns them to the pool.
func (cb *candidateBuf) release() {
	clear(cb.lex)
	clear(cb.ids)
	cb.lex, cb.ids = cb.lex[:0], cb.ids[:0]
	candidateBufs.Put(cb)
}

// rerank scores the lexical candidates (which already passed the filters;
// docs[i] is lex[i]'s document number) against the query vector and returns
// the fused ranking, best first: its best keep (all when keep <= 0).
func (e *Engine) rerank(ctx context.Context, f Fusion, cs CandidateScorer, text string, lex []Scored, docs docNumbers, keep int, cb *candidateBuf) ([]Scored, error) {
	vec, err := e.embed(ctx, text)
	if err != nil {
		return nil, err
	}
	ids := cb.ids[:0]
	for _, h := range lex {
		ids = append(ids, h.ID)
	}
	cb.ids = ids
	var scores []float32
	var found []bool
	if ks, ok := cs.(KeyedScorer); ok && len(docs.n) == len(ids) {
		scores, found, err = ks.ScoreKeyed(vec, ids, docs.n, docs.numbering)
	} else {
		scores, found, err = cs.Score(vec, ids)
	}
	if err != nil {
		return nil, err
	}
	return fuseRescored(f, lex, scores, found, keep), nil
}

// scoreCandidates scores the candidates' vectors against vec, best first;
// candidates without a vector are left out.
func scoreCandidates(cs CandidateScorer, vec []float32, cands []Scored) ([]Scored, error) {
	ids := make([]string, len(cands))
	for i, h := range cands {
		ids[i] = h.ID
	}
	scores, found, err := cs.Score(vec, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Scored, 0, len(ids))
	for i, id := range ids {
		if i < len(found) && found[i] {
			out = append(out, Scored{id, float64(scores[i])})
		}
	}
	sortByScore(out)
	return out, nil
}

func (e *Engine) embed(ctx context.Context, text string) ([]float32, error) {
	vecs, err := e.sem.Embedder.Embed(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	if len(vecs) != 1 {
		return nil, paperwire.Errorf(paperwire.EINTERNAL, "embedder returned %d vectors for 1 text", len(vecs))
	}
	return vecs[0], nil
}

// page turns a fused ranking into a Result page with the index's metadata.
func (e *Engine) page(ix *Index, ranked []Scored, offset, limit, total int, f *Facets) Result {
	res := Result{Hits: []Hit{}, Total: total, Facets: f}
	for i, s := range ranked {
		if i < offset {
			continue
		}
		if len(res.Hits) == limit {
			break
		}
		h, ok := ix.Lookup(s.ID)
		if !ok {
			continue // in the vector index but not (yet) in the lexical one
		}
		h.Score = s.Score
		res.Hits = append(res.Hits, h)
	}
	return res
}

func pageOf(req Request) (limit, offset int) {
	limit = req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), min(max(req.Offset, 0), MaxOffset)
}

package search

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/search/query"
)

func TestFuseHandComputed(t *testing.T) {
	lex := []Scored{{"a", 10}, {"b", 6}, {"c", 2}}
	sem := []Scored{{"c", 0.9}, {"d", 0.5}, {"a", 0.1}}
	// Blend, weight 0.5: lexical min-max a=1, b=0.5, c=0; semantic c=1, d=0.5, a=0.
	// a=0.5, b=0.25, c=0.5, d=0.25; ties keep first-seen order.
	got := Fuse(Fusion{Method: FuseBlend, Weight: 0.5}, lex, sem)
	want := []Scored{{"a", 0.5}, {"c", 0.5}, {"b", 0.25}, {"d", 0.25}}
	if !sameScored(got, want) {
		t.Errorf("blend = %v, want %v", got, want)
	}
	// RRF, k=60, weight 0.5: a = 0.5/61 + 0.5/63, c = 0.5/63 + 0.5/61, b = 0.5/62, d = 0.5/62.
	got = Fuse(Fusion{Method: FuseRRF, Weight: 0.5, RRFK: 60}, lex, sem)
	want = []Scored{{"a", 0.5/61 + 0.5/63}, {"c", 0.5/63 + 0.5/61}, {"b", 0.5 / 62}, {"d", 0.5 / 62}}
	if !sameScored(got, want) {
		t.Errorf("rrf = %v, want %v", got, want)
	}
	// Weight 0 is lexical order.
	got = Fuse(Fusion{Method: FuseBlend, Weight: 0}, lex, sem)
	if got[0].ID != "a" || got[1].ID != "b" {
		t.Errorf("weight 0 = %v", got)
	}
}

func sameScored(a, b []Scored) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || math.Abs(a[i].Score-b[i].Score) > 1e-12 {
			return false
		}
	}
	return true
}

// conceptEmbedder is a small, real embedder for tests: words map to concept
// buckets (so "car" and "automobile" meet), and a text is its normalised
// bag of concepts.
type conceptEmbedder struct{ fail bool }

var concepts = map[string]string{"automobile": "car", "cars": "car", "vehicle": "car", "automobiles": "car"}

func (e conceptEmbedder) Dim() int { return 64 }

func (e conceptEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	if e.fail {
		return nil, errors.New("embedding service unavailable")
	}
	out := make([][]float32, len(texts))
	for i, text := range texts {
		v := make([]float32, 64)
		for _, w := range strings.Fields(strings.ToLower(text)) {
			w = strings.Trim(w, ".,")
			if c, ok := concepts[w]; ok {
				w = c
			}
			h := fnv.New32a()
			h.Write([]byte(w))
			v[h.Sum32()%64]++
		}
		var n float32
		for _, x := range v {
			n += x * x
		}
		if n > 0 {
			n = float32(math.Sqrt(float64(n)))
			for j := range v {
				v[j] /= n
			}
		}
		out[i] = v
	}
	return out, nil
}

// scanIndex is an exact dot-product vector index.
type scanIndex struct {
	ids  []string
	vecs [][]float32
}

func (s *scanIndex) Search(vec []float32, k int, filter func(string) bool) ([]Scored, error) {
	var out []Scored
	for i, v := range s.vecs {
		if filter != nil && !filter(s.ids[i]) {
			continue
		}
		var d float32
		for j := range v {
			d += v[j] * vec[j]
		}
		if d > 0 {
			out = append(out, Scored{s.ids[i], float64(d)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out[:min(k, len(out))], nil
}

func (s *scanIndex) Vector(id string) []float32 {
	for i, x := range s.ids {
		if x == id {
			return s.vecs[i]
		}
	}
	return nil
}

func (s *scanIndex) Score(q []float32, ids []string) ([]float32, []bool, error) {
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		if v := s.Vector(id); v != nil {
			for j := range v {
				scores[i] += v[j] * q[j]
			}
			found[i] = true
		}
	}
	return scores, found, nil
}

func semanticFor(t *testing.T, docs []Document, emb conceptEmbedder) *Semantic {
	s := &scanIndex{}
	for _, d := range docs {
		v, err := conceptEmbedder{}.Embed(context.Background(), []string{d.Title + " " + d.Abstract})
		if err != nil {
			t.Fatal(err)
		}
		s.ids = append(s.ids, d.ID)
		s.vecs = append(s.vecs, v[0])
	}
	return &Semantic{Embedder: emb, Vectors: s}
}

func engineDocs() []Document {
	return []Document{
		{ID: "1", Title: "Automobile safety", Abstract: "Crash tests of automobile frames.", Categories: []string{"cs.RO"}, Date: day("2024-01-01")},
		{ID: "2", Title: "Cars that drive themselves", Abstract: "Self-driving cars and vehicle control.", Categories: []string{"cs.RO"}, Date: day("2024-02-01")},
		{ID: "3", Title: "Protein folding", Abstract: "Structure prediction for proteins.", Categories: []string{"q-bio.BM"}, Date: day("2024-03-01")},
		{ID: "4", Title: "Vehicle routing", Abstract: "Routing fleets of cars.", Categories: []string{"math.OC"}, Date: day("2023-03-01")},
	}
}

func TestEngineHybridAndModes(t *testing.T) {
	ctx := context.Background()
	docs := engineDocs()
	ix := BuildIndex(DefaultParams(), docs)
	lexOnly := NewEngine(ix, nil, DefaultFusion(), nil)
	req := Request{Query: query.Parse("automobile")}
	res, err := lexOnly.Search(ctx, req, "")
	if err != nil || ids(res.Hits) != "1" {
		t.Fatalf("lexical-only hybrid = %s, %v", ids(res.Hits), err)
	}
	if _, err := lexOnly.Search(ctx, req, ModeVector); paperwire.ErrorCode(err) != paperwire.EINVALID {
		t.Errorf("vector without semantic layer: %v", err)
	}

	eng := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), Fusion{Method: FuseRRF, Weight: 0.5, RRFK: 60, Depth: 10}, nil)
	res, _ = eng.Search(ctx, req, ModeHybrid)
	if ids(res.Hits) != "1 2 4" {
		t.Errorf("hybrid = %s, want 1 2 4 (synonyms through the semantic side)", ids(res.Hits))
	}
	res, _ = eng.Search(ctx, req, ModeLexical)
	if ids(res.Hits) != "1" {
		t.Errorf("bm25 mode = %s", ids(res.Hits))
	}
	res, _ = eng.Search(ctx, Request{Query: query.Parse("automobile cat:cs.RO")}, ModeHybrid)
	if ids(res.Hits) != "1 2" {
		t.Errorf("hybrid with a filter = %s, want 1 2", ids(res.Hits))
	}
	res, _ = eng.Search(ctx, Request{Query: query.Parse("automobile year:2023")}, ModeVector)
	if ids(res.Hits) != "4" {
		t.Errorf("vector with a year = %s, want 4", ids(res.Hits))
	}
	// Re-ranking lexical candidates: "cars" finds 2 and 4 lexically; the
	// semantic side only re-orders them (1 has no lexical match, so it stays out).
	rr := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), Fusion{Method: FuseBlend, Weight: 0.6, Depth: 10, Rerank: true}, nil)
	res, _ = rr.Search(ctx, Request{Query: query.Parse("vehicle")}, ModeHybrid)
	if ids(res.Hits) != "2 4" {
		t.Errorf("rerank hybrid = %s, want 2 4", ids(res.Hits))
	}
	// A failing embedder degrades hybrid search to lexical results.
	broken := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{fail: true}), DefaultFusion(), nil)
	res, err = broken.Search(ctx, req, ModeHybrid)
	if err != nil || ids(res.Hits) != "1" {
		t.Errorf("broken embedder: %s, %v", ids(res.Hits), err)
	}
}

func TestRelated(t *testing.T) {
	ctx := context.Background()
	docs := engineDocs()
	ix := BuildIndex(DefaultParams(), docs)
	p := &paperwire.Paper{ID: "2", Title: docs[1].Title, Abstract: docs[1].Abstract}
	got, err := NewEngine(ix, nil, DefaultFusion(), nil).Related(ctx, p, 5)
	if err != nil || ids(got) != "4" {
		t.Errorf("lexical related = %s, %v; want 4 (shares cars)", ids(got), err)
	}
	eng := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), Fusion{Method: FuseRRF, Weight: 0.5, Depth: 10}, nil)
	got, _ = eng.Related(ctx, p, 5)
	if len(got) < 2 || ids(got[:2]) != "4 1" {
		t.Errorf("hybrid related = %s, want 4 1 first", ids(got))
	}
	for _, h := range got {
		if h.ID == "2" {
			t.Errorf("related includes the paper itself")
		}
	}
	// Re-ranking: the vectors score only the lexical neighbours, so 1 (no
	// shared word) stays out, and the paper itself is still excluded.
	rr := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), Fusion{Method: FuseBlend, Weight: 0.6, Depth: 10, Rerank: true}, nil)
	got, err = rr.Related(ctx, p, 5)
	if err != nil || ids(got) != "4" {
		t.Errorf("re-ranked related = %s, %v; want 4", ids(got), err)
	}
}

// keyedScan is scanIndex as a KeyedScorer that checks each key is the
// keyword index's number of its id.
type keyedScan struct {
	*scanIndex
	ix    *Index
	calls int
	bad   int
}

func (k *keyedScan) ScoreKeyed(q []float32, ids []string, keys []uint32, numbering uint64) ([]float32, []bool, error) {
	k.calls++
	if numbering == 0 || numbering != k.ix.Numbering() {
		k.bad++
	}
	for i, id := range ids {
		if n, ok := k.ix.Number(id); !ok || n != keys[i] {
			k.bad++
		}
	}
	return k.Score(q, ids)
}

// TestHybridPassesDocumentNumbers checks that re-ranking hands a KeyedScorer
// every candidate's document number, and the index's numbering, and ranks as
// with a plain CandidateScorer.
func TestHybridPassesDocumentNumbers(t *testing.T) {
	ctx := context.Background()
	docs := engineDocs()
	ix := BuildIndex(DefaultParams(), docs)
	ix.Upsert(docs[1]) // a renumbered document
	plain := semanticFor(t, docs, conceptEmbedder{})
	ks := &keyedScan{scanIndex: plain.Vectors.(*scanIndex), ix: ix}
	f := Fusion{Method: FuseBlend, Weight: 0.6, Depth: 10, Rerank: true}
	for _, q := range []string{"vehicle", "cars routing", "automobile safety cars"} {
		want, _ := NewEngine(ix, plain, f, nil).Search(ctx, Request{Query: query.Parse(q)}, ModeHybrid)
		got, _ := NewEngine(ix, &Semantic{Embedder: conceptEmbedder{}, Vectors: ks}, f, nil).Search(ctx, Request{Query: query.Parse(q)}, ModeHybrid)
		if ids(got.Hits) != ids(want.Hits) || len(got.Hits) == 0 || got.Hits[0].Score != want.Hits[0].Score {
			t.Errorf("%q: keyed %s, plain %s", q, ids(got.Hits), ids(want.Hits))
		}
	}
	if ks.calls != 3 || ks.bad != 0 {
		t.Errorf("ScoreKeyed called %d times with %d wrong keys, want 3 and 0", ks.calls, ks.bad)
	}
}

// TestTitleLikeQueriesBlendWithTitleWeight: a query in the form of a paper
// title is blended with TitleWeight, any other with Weight; the same words
// in lower case are not a title.
func TestTitleLikeQueriesBlendWithTitleWeight(t *testing.T) {
	ctx := context.Background()
	docs := engineDocs()
	ix := BuildIndex(DefaultParams(), docs)
	sem := semanticFor(t, docs, conceptEmbedder{})
	engine := func(w, tw float64) *Engine {
		return NewEngine(ix, sem, Fusion{Method: FuseBlend, Weight: w, TitleWeight: tw, Depth: 10, Rerank: true}, nil)
	}
	search := func(e *Engine, text string) string {
		res, err := e.Search(ctx, Request{Query: query.Parse(text)}, ModeHybrid)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, h := range res.Hits {
			fmt.Fprintf(&b, "%s:%.6f ", h.ID, h.Score)
		}
		return b.String()
	}
	title, plain := "Automobile Frames and Cars for Vehicle Routing", "automobile frames and cars for vehicle routing"
	mixed := engine(0.9, 0.1)
	if got, want := search(mixed, title), search(engine(0.1, 0), title); got != want {
		t.Errorf("title-like query: %s; want the blend at TitleWeight, %s", got, want)
	}
	if got, want := search(mixed, plain), search(engine(0.9, 0), plain); got != want {
		t.Errorf("lower-case query: %s; want the blend at Weight, %s", got, want)
	}
	if search(engine(0.9, 0), title) == search(engine(0.1, 0), title) {
		t.Fatal("the two weights give the same ranking and scores: the test cannot tell them apart")
	}
}

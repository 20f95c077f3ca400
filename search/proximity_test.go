package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/query"
)

// proximityOf returns the proximity scores of every document of ix for q.
func proximityOf(t *testing.T, ix *Index, q string, window int) map[string]float64 {
	t.Helper()
	docs := make([]uint32, ix.NumDocs())
	for n := range docs {
		docs[n] = uint32(n)
	}
	out := map[string]float64{}
	for n, s := range ix.ProximityScores(query.Plain(q), docs, window) {
		out[ix.ID(uint32(n))] = float64(s)
	}
	return out
}

// TestProximityHandComputed checks scores worked out by hand: N=3, every
// abstract 3 words long, k1=1.2, b=0.75, so K = 1.2·(0.25+0.75·3/3) = 1.2;
// "alpha" and "beta" have df=2, idf = ln(1+1.5/2.5) = 0.470004.
// d1, adjacent: each word collects the other's idf/1² = 0.470004, and
// scores min(1, idf)·0.470004·2.2/(0.470004+1.2) = 0.291010; both: 0.582020.
// d2, one word between: each collects 0.470004/2² = 0.117501 → 2·0.092218 = 0.184435.
func TestProximityHandComputed(t *testing.T) {
	ix := BuildIndex(abstractOnly(), []Document{
		{ID: "d1", Abstract: "alpha beta gamma"},
		{ID: "d2", Abstract: "alpha gamma beta"},
		{ID: "d3", Abstract: "delta epsilon zeta"},
	})
	got := proximityOf(t, ix, "alpha beta", 5)
	if !near(got["d1"], 0.582020) || !near(got["d2"], 0.184435) || got["d3"] != 0 {
		t.Errorf("scores = %v; want d1 0.582020, d2 0.184435, d3 0", got)
	}
	// The query's word order does not matter, nor a word repeated in it.
	for _, q := range []string{"beta alpha", "alpha beta alpha"} {
		if again := proximityOf(t, ix, q, 5); !near(again["d1"], got["d1"]) || !near(again["d2"], got["d2"]) {
			t.Errorf("%q: %v, want %v", q, again, got)
		}
	}
	// One query word has nothing to be near.
	if one := proximityOf(t, ix, "alpha", 5); one["d1"] != 0 {
		t.Errorf("one word: %v", one)
	}
	// Words that are not next to each other in the query do not count,
	// even when they are in the document ("delta" stands between them and
	// is in the index); a stopword between them does not separate them.
	if apart := proximityOf(t, ix, "alpha delta beta", 5); apart["d1"] != 0 || apart["d2"] != 0 {
		t.Errorf("alpha delta beta: %v, want 0", apart)
	}
	if of := proximityOf(t, ix, "alpha of beta", 5); !near(of["d1"], got["d1"]) {
		t.Errorf("alpha of beta: %v, want %v", of["d1"], got["d1"])
	}
	// Words of the document that are not in the query take positions but
	// no part: "alpha gamma" is 2 apart in d1, side by side in d2.
	ag := proximityOf(t, ix, "alpha gamma", 5)
	if ag["d1"] <= 0 || ag["d2"] <= ag["d1"] {
		t.Errorf("alpha gamma: %v, want 0 < d1 < d2", ag)
	}
}

// TestProximityWindow: adjacent words score more than words further apart,
// and words further apart than the window score nothing.
func TestProximityWindow(t *testing.T) {
	ix := BuildIndex(DefaultParams(), []Document{
		{ID: "near", Abstract: "alpha beta one two three four five six"},
		{ID: "far", Abstract: "alpha one two three four five six beta"},
		{ID: "other", Abstract: "seven eight nine ten"},
	})
	w5 := proximityOf(t, ix, "alpha beta", 5)
	if w5["near"] <= 0 || w5["far"] != 0 {
		t.Errorf("window 5: %v; want near > 0, far 0 (7 apart)", w5)
	}
	w10 := proximityOf(t, ix, "alpha beta", 10)
	if w10["far"] <= 0 || w10["far"] >= w10["near"] {
		t.Errorf("window 10: %v; want 0 < far < near", w10)
	}
	if w10["near"] != w5["near"] {
		t.Errorf("adjacent words: %v at window 10, %v at 5", w10["near"], w5["near"])
	}
}

// TestProximityFieldBoundary: the title's last word and the abstract's first
// are not near each other, whatever the window; two title words are.
func TestProximityFieldBoundary(t *testing.T) {
	ix := BuildIndex(DefaultParams(), []Document{
		{ID: "split", Title: "results on alpha", Abstract: "beta follows here"},
		{ID: "title", Title: "alpha beta results", Abstract: "follows here"},
		{ID: "other", Title: "gamma", Abstract: "delta"},
	})
	for _, window := range []int{5, 32, 1000} {
		got := proximityOf(t, ix, "alpha beta", window)
		if got["split"] != 0 || got["title"] <= 0 {
			t.Errorf("window %d: %v; want split 0, title > 0", window, got)
		}
	}
}

// TestProximityLongQuery: only the query's first maxProximityTerms words
// take part, so a pair further on in a long query counts for nothing.
func TestProximityLongQuery(t *testing.T) {
	words := []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "omicron", "sigma", "omega"}
	ix := BuildIndex(DefaultParams(), []Document{
		{ID: "head", Abstract: "alpha beta one two three four five six seven eight"},
		{ID: "tail", Abstract: "sigma omega one two three four five six seven eight"},
		{ID: "rest", Abstract: strings.Join(words, " . ")},
	})
	got := proximityOf(t, ix, strings.Join(words, " "), 3)
	if len(words) <= maxProximityTerms || got["head"] <= 0 || got["tail"] != 0 {
		t.Errorf("%d-word query: %v; want head > 0, tail (words %d and %d) 0", len(words), got, len(words)-1, len(words))
	}
	if short := proximityOf(t, ix, "sigma omega", 3); short["tail"] <= 0 {
		t.Errorf("sigma omega alone: %v", short)
	}
}

// TestProximityRepeatedWords: a word repeated next to itself pairs with
// nothing (only its last occurrence meets the other word), and stopwords keep
// their positions, so "alpha of beta" is two apart.
func TestProximityRepeatedWords(t *testing.T) {
	ix := BuildIndex(DefaultParams(), []Document{
		{ID: "repeat", Abstract: "alpha alpha alpha beta"},
		{ID: "once", Abstract: "gamma gamma alpha beta"},
		{ID: "stop", Abstract: "alpha of beta gamma"},
		{ID: "gap", Abstract: "alpha delta beta"},
		{ID: "same", Abstract: "alpha alpha alpha alpha"},
	})
	got := proximityOf(t, ix, "alpha beta", 5)
	if got["repeat"] <= 0 || !near(got["repeat"], got["once"]) {
		t.Errorf("repeat %v, once %v: want equal", got["repeat"], got["once"])
	}
	if got["stop"] <= 0 || !near(got["stop"], got["gap"]) || got["stop"] >= got["once"]*0.999 {
		t.Errorf("stop %v, gap %v, once %v: want stop = gap < once", got["stop"], got["gap"], got["once"])
	}
	if got["same"] != 0 {
		t.Errorf("one word repeated: %v", got["same"])
	}
}

// proximityDocs tie on BM25F (the same words, the same lengths); only the
// first has the query's words side by side. Ties go to the later document.
func proximityDocs() []Document {
	return []Document{
		{ID: "together", Abstract: "alpha beta gamma delta epsilon"},
		{ID: "apart", Abstract: "alpha gamma delta epsilon beta"},
		{ID: "filler", Abstract: "zeta eta theta"},
	}
}

func TestSearchProximityReorders(t *testing.T) {
	ix := BuildIndex(DefaultParams(), proximityDocs())
	q := query.Parse("alpha beta")
	plain := ix.Search(Request{Query: q})
	if ids(plain.Hits) != "apart together" || plain.Hits[0].Score != plain.Hits[1].Score {
		t.Fatalf("without proximity: %+v", plain.Hits)
	}
	p := Proximity{Weight: 1, Depth: 10, Window: 3}
	res := ix.Search(Request{Query: q, Proximity: p})
	if ids(res.Hits) != "together apart" || res.Total != 2 {
		t.Fatalf("with proximity: %+v (total %d)", res.Hits, res.Total)
	}
	bonus := proximityOf(t, ix, "alpha beta", 3)["together"]
	if !near(res.Hits[0].Score, plain.Hits[1].Score+bonus) || res.Hits[1].Score != plain.Hits[0].Score {
		t.Errorf("scores %v, %v; want %v + %v and %v", res.Hits[0].Score, res.Hits[1].Score, plain.Hits[1].Score, bonus, plain.Hits[0].Score)
	}
	// A page smaller than the depth still comes from the re-scored order.
	if top := ix.Search(Request{Query: q, Proximity: p, Limit: 1}); ids(top.Hits) != "together" {
		t.Errorf("limit 1: %s", ids(top.Hits))
	}
	// Only the first Depth candidates are re-scored: at depth 1 that is
	// "apart", whose words are 4 apart, beyond the window.
	p.Depth = 1
	if d1 := ix.Search(Request{Query: q, Proximity: p}); ids(d1.Hits) != "apart together" {
		t.Errorf("depth 1: %s", ids(d1.Hits))
	}
	// The same search twice gives the same hits and scores.
	p.Depth = 10
	a := ix.Search(Request{Query: q, Proximity: p, Limit: 5})
	b := ix.Search(Request{Query: q, Proximity: p, Limit: 5})
	if !slices.Equal(a.Hits, b.Hits) {
		t.Errorf("not deterministic: %+v, then %+v", a.Hits, b.Hits)
	}
}

// TestHybridProximity: hybrid search re-scores its lexical candidates by
// proximity when the fusion asks for it. The two documents have the same
// words, so the vectors tie and the lexical side decides.
func TestHybridProximity(t *testing.T) {
	ctx := context.Background()
	docs := proximityDocs()
	ix := BuildIndex(DefaultParams(), docs)
	f := DefaultFusion()
	f.Proximity = Proximity{}
	req := Request{Query: query.Parse("alpha beta")}
	res, err := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), f, nil).Search(ctx, req, ModeHybrid)
	if err != nil || ids(res.Hits) != "apart together" {
		t.Fatalf("hybrid without proximity: %s, %v", ids(res.Hits), err)
	}
	f.Proximity = Proximity{Weight: 1, Depth: 10, Window: 3}
	eng := NewEngine(ix, semanticFor(t, docs, conceptEmbedder{}), f, nil)
	res, err = eng.Search(ctx, req, ModeHybrid)
	if err != nil || ids(res.Hits) != "together apart" {
		t.Fatalf("hybrid with proximity: %s, %v", ids(res.Hits), err)
	}
	// Keyword search through the engine uses it too; the index alone does
	// not unless asked.
	if res, err = eng.Search(ctx, req, ModeLexical); err != nil || ids(res.Hits) != "together apart" {
		t.Errorf("keyword search with proximity: %s, %v", ids(res.Hits), err)
	}
	if plain := ix.Search(req); ids(plain.Hits) != "apart together" {
		t.Errorf("index search: %s", ids(plain.Hits))
	}
}

// BenchmarkSearchTitleQueriesProximity is BenchmarkSearchTitleQueries with
// the proximity re-scoring hybrid search applies: the difference between the
// two is its cost per query.
func BenchmarkSearchTitleQueriesProximity(b *testing.B) {
	benchTitleQueries(b, Request{Limit: 1000, Proximity: DefaultFusion().Proximity})
}

// BenchmarkProximityTitleQueries is the proximity scoring alone, for the
// title queries of BenchmarkSearchTitleQueries (PAPERWIRE_BENCH_INDEX too)
// and their best Depth candidates: what the re-scoring adds to a search.
func BenchmarkProximityTitleQueries(b *testing.B) {
	ix, titles := benchIndex(b)
	p := DefaultFusion().Proximity
	type prepared struct {
		q    query.Query
		pl   *plan
		head []uint32
	}
	an := analysis.New()
	var qs []prepared
	for _, text := range titleQueries(titles, 206)[6:] {
		q := query.Parse(text)
		_, docs, _ := ix.searchScored(Request{Query: q, Limit: p.Depth}, nil)
		qs = append(qs, prepared{q, ix.planQuery(an, &q), docs.n})
	}
	bonus := make([]float32, p.Depth)
	ix.RLock()
	defer ix.RUnlock()
	b.ReportAllocs()
	cpu0 := processCPU()
	i := 0
	for b.Loop() {
		x := &qs[i%len(qs)]
		ix.newProximityScorer(an, &x.q, x.pl, p.Window).scores(x.head, bonus)
		i++
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
}

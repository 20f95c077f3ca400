package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// The hybrid benchmark measures the engine's orchestration at scale with
// stand-ins for the semantic layer: a hashing bag-of-words embedder and an
// exact dot-product index over one 100-d unit vector per paper. Quality is
// meaningless here; the cost of embedding a query, scanning or scoring
// vectors, fusing and paging is what is timed.
const benchDim = 100

type hashEmbedder struct{}

func (hashEmbedder) Dim() int { return benchDim }

func (hashEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, benchDim)
		for _, w := range strings.Fields(strings.ToLower(t)) {
			h := fnv.New64a()
			h.Write([]byte(w))
			r := rand.New(rand.NewPCG(h.Sum64(), 1))
			for j := range v {
				v[j] += float32(r.NormFloat64())
			}
		}
		out[i] = unit(v)
	}
	return out, nil
}

func unit(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n > 0 {
		s := float32(1 / math.Sqrt(n))
		for j := range v {
			v[j] *= s
		}
	}
	return v
}

type scanVectors struct {
	ids  []string
	row  map[string]int
	vecs []float32
}

func newScanVectors(ix *search.Index, ids []string) *scanVectors {
	s := &scanVectors{ids: ids, row: make(map[string]int, len(ids)), vecs: make([]float32, len(ids)*benchDim)}
	r := rand.New(rand.NewPCG(3, 3))
	for i, id := range ids {
		s.row[id] = i
		v := s.vecs[i*benchDim : (i+1)*benchDim]
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		unit(v)
	}
	return s
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func (s *scanVectors) Search(q []float32, k int, keep func(string) bool) ([]search.Scored, error) {
	type hit struct {
		i int
		s float32
	}
	var top []hit
	for i := range s.ids {
		d := dot(q, s.vecs[i*benchDim:(i+1)*benchDim])
		if len(top) == k && d <= top[len(top)-1].s {
			continue
		}
		if keep != nil && !keep(s.ids[i]) {
			continue
		}
		j := sort.Search(len(top), func(j int) bool { return top[j].s < d })
		if len(top) < k {
			top = append(top, hit{})
		}
		copy(top[j+1:], top[j:])
		top[j] = hit{i, d}
	}
	out := make([]search.Scored, len(top))
	for i, h := range top {
		out[i] = search.Scored{ID: s.ids[h.i], Score: float64(h.s)}
	}
	return out, nil
}

func (s *scanVectors) Score(q []float32, ids []string) ([]float32, []bool, error) {
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		if r, ok := s.row[id]; ok {
			scores[i], found[i] = dot(q, s.vecs[r*benchDim:(r+1)*benchDim]), true
		}
	}
	return scores, found, nil
}

// runHybrid times hybrid search (re-ranking the lexical top 1,000, and
// fusing with a full vector scan) over the built index.
func runHybrid(ix *search.Index, ids []string, queries []string) {
	sem := &search.Semantic{Embedder: hashEmbedder{}, Vectors: newScanVectors(ix, ids)}
	for _, c := range []struct {
		name string
		f    search.Fusion
	}{
		{"hybrid, re-rank lexical top 1,000", search.Fusion{Method: search.FuseBlend, Weight: 0.2, Depth: 1000, Rerank: true}},
		{"hybrid, full vector scan + blend", search.Fusion{Method: search.FuseBlend, Weight: 0.2, Depth: 100}},
	} {
		e := search.NewEngine(ix, sem, c.f, nil)
		var lat []float64
		for _, q := range queries {
			t0 := time.Now()
			if _, err := e.Search(context.Background(), search.Request{Query: query.Parse(q), Limit: 10}, search.ModeHybrid); err != nil {
				panic(err)
			}
			lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e6)
		}
		p50, p99, mean := stats(lat)
		fmt.Printf("paperwire %s (stand-in %d-d vectors): p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", c.name, benchDim, p50, p99, mean)
	}
}

package main

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

// ranker returns the ids of the hidden month, best first, for one reader.
type ranker struct {
	name string
	rank func(r reader) []string
}

// modelRanker ranks with the For-you model and options opt.
func modelRanker(name string, c *corpus, rk *foryou.Ranker, opt foryou.Options) ranker {
	cands := make([]foryou.Paper, len(c.cands))
	for i, p := range c.cands {
		cands[i] = p.Paper
	}
	return ranker{name, func(r reader) []string {
		likes := make([]foryou.Paper, len(r.likes))
		for i, p := range r.likes {
			likes[i] = p.Paper
		}
		opt.Explain = 1 // the explanation is not measured; keep it cheap
		ranked := rk.Rank(likes, cands, opt)
		ids := make([]string, len(ranked))
		for i, x := range ranked {
			ids[i] = x.ID
		}
		return ids
	}}
}

// newestInCategories is the first baseline: the papers of the month whose
// primary category is one the reader's likes have as theirs, the reader's
// most frequent categories first, newest first within one.
func newestInCategories(c *corpus) ranker {
	return ranker{"newest in the reader's categories", func(r reader) []string {
		freq := map[string]int{}
		for _, p := range r.likes {
			freq[p.Categories[0]]++
		}
		var in []*paper
		for _, p := range c.cands {
			if freq[p.Categories[0]] > 0 {
				in = append(in, p)
			}
		}
		sort.SliceStable(in, func(i, j int) bool {
			fi, fj := freq[in[i].Categories[0]], freq[in[j].Categories[0]]
			if fi != fj {
				return fi > fj
			}
			return in[i].Day.After(in[j].Day)
		})
		ids := make([]string, len(in))
		for i, p := range in {
			ids[i] = p.ID
		}
		return ids
	}}
}

// hybridSearch is the second baseline: the site's hybrid search (BM25
// re-scored by the same paper vectors, the default fusion) over every
// paper, with the titles of the likes as the query, kept to the month.
func hybridSearch(c *corpus, model embed.Embedder) ranker {
	docs := make([]search.Document, len(c.all))
	vecs := &scanVectors{row: map[string]int{}}
	for i, p := range c.all {
		docs[i] = search.Document{ID: p.ID, Title: p.Title, Abstract: p.Abstract, Authors: p.Authors, Categories: p.Categories, Date: p.Day}
		vecs.row[p.ID] = i
		vecs.ids = append(vecs.ids, p.ID)
		vecs.vecs = append(vecs.vecs, p.Vec)
	}
	ix := search.BuildIndex(search.DefaultParams(), docs)
	eng := search.NewEngine(ix, &search.Semantic{Embedder: model, Vectors: vecs}, search.DefaultFusion(), nil)
	month := map[string]bool{}
	for _, p := range c.cands {
		month[p.ID] = true
	}
	return ranker{"hybrid search, liked titles as the query", func(r reader) []string {
		titles := make([]string, len(r.likes))
		for i, p := range r.likes {
			titles[i] = p.Title
		}
		q := strings.Join(titles, " ")
		res, err := eng.Search(context.Background(), search.Request{Query: query.Parse(q), Limit: 50, Filter: func(id string) bool { return month[id] }}, search.ModeHybrid)
		if err != nil {
			panic(err)
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return ids
	}}
}

// scanVectors is an exact dot-product index over the papers' vectors.
type scanVectors struct {
	ids  []string
	row  map[string]int
	vecs [][]float32
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func (s *scanVectors) Search(q []float32, k int, keep func(string) bool) ([]search.Scored, error) {
	var all []search.Scored
	for i, id := range s.ids {
		if keep == nil || keep(id) {
			all = append(all, search.Scored{ID: id, Score: float64(dot(q, s.vecs[i]))})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Score > all[j].Score })
	return all[:min(k, len(all))], nil
}

func (s *scanVectors) Score(q []float32, ids []string) ([]float32, []bool, error) {
	scores, found := make([]float32, len(ids)), make([]bool, len(ids))
	for i, id := range ids {
		if r, ok := s.row[id]; ok {
			scores[i], found[i] = dot(q, s.vecs[r]), true
		}
	}
	return scores, found, nil
}

// timed wraps a ranker to add up its time.
func timed(rk ranker, total *time.Duration) ranker {
	f := rk.rank
	rk.rank = func(r reader) []string {
		t0 := time.Now()
		defer func() { *total += time.Since(t0) }()
		return f(r)
	}
	return rk
}

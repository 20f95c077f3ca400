package embed

import (
	"math/rand/v2"
	"slices"
)

// miner finds lexically similar documents with BM25 over the training corpus.
// Those are the hard negatives contrastive training needs: a model that
// only learned to tell random topics apart adds nothing to BM25, which
// already does that; it must learn to order documents BM25 finds close.
type miner struct {
	postings [][]posting // row → documents containing it
	docLen   []float32
	avgLen   float32
	idf      []float32
	scores   []float32
	touched  []int32
	maxDF    int
}

type posting struct {
	doc int32
	tf  float32
}

func newMiner(c *corpus) *miner {
	m := &miner{postings: make([][]posting, len(c.vocab.words)), docLen: make([]float32, len(c.docs)),
		idf: c.vocab.idf, scores: make([]float32, len(c.docs)), maxDF: max(10, len(c.docs)/10)}
	tf := map[int32]float32{}
	var total float32
	for di, d := range c.docs {
		clear(tf)
		n := 0
		for _, part := range append([][]int32{d.title}, d.sents...) {
			for _, id := range part {
				tf[id]++
				n++
			}
		}
		ids := make([]int32, 0, len(tf))
		for id := range tf {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			m.postings[id] = append(m.postings[id], posting{int32(di), tf[id]})
		}
		m.docLen[di] = float32(n)
		total += float32(n)
	}
	m.avgLen = total / float32(max(1, len(c.docs)))
	return m
}

// maxQueryTerms bounds mining cost: only a query's rarest words are scored.
const maxQueryTerms = 10

// hardNegative returns a random document among BM25's top k for query q,
// other than self, or -1 when none scores.
func (m *miner) hardNegative(q bag, self, k int, rng *rand.Rand) int {
	ids := make([]int32, 0, len(q.ids))
	for _, id := range q.ids {
		if len(m.postings[id]) <= m.maxDF {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b int32) int { return len(m.postings[a]) - len(m.postings[b]) })
	ids = ids[:min(len(ids), maxQueryTerms)]
	const k1, b = 0.9, 0.4
	for _, id := range ids {
		for _, p := range m.postings[id] {
			if m.scores[p.doc] == 0 {
				m.touched = append(m.touched, p.doc)
			}
			norm := k1 * (1 - b + b*m.docLen[p.doc]/m.avgLen)
			m.scores[p.doc] += m.idf[id] * p.tf * (k1 + 1) / (p.tf + norm)
		}
	}
	top := make([]int32, 0, k+1)
	for _, d := range m.touched {
		if int(d) == self {
			continue
		}
		top = append(top, d)
	}
	slices.SortFunc(top, func(a, b int32) int {
		if m.scores[a] != m.scores[b] {
			if m.scores[a] > m.scores[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	for _, d := range m.touched {
		m.scores[d] = 0
	}
	m.touched = m.touched[:0]
	if len(top) == 0 {
		return -1
	}
	return int(top[rng.IntN(min(k, len(top)))])
}

package foryou

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticMonth is n papers of 150 words drawn from a 20,000-word
// vocabulary with a Zipf law, each with a random 100-d vector: the size of
// a month of arXiv listings, for timing (the ranking quality is measured on
// the real crawl by bench/foryou).
func syntheticMonth(n int) []Paper {
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 1, 19999)
	out := make([]Paper, n)
	for i := range out {
		var b strings.Builder
		for range 150 {
			fmt.Fprintf(&b, "w%d ", z.Uint64())
		}
		v := make([]float32, 100)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		out[i] = Paper{ID: fmt.Sprint("p", i), Title: fmt.Sprintf("w%d w%d w%d", z.Uint64(), z.Uint64(), z.Uint64()),
			Abstract: b.String(), Categories: []string{"cs.CV"}, Vec: v}
	}
	return out
}

// BenchmarkRankMonth ranks 6,000 papers for a reader with 20 likes, with
// the words already analysed (the Ranker's cache is warm, as on a site).
func BenchmarkRankMonth(b *testing.B) {
	papers := syntheticMonth(6020)
	likes, cands := papers[:20], papers[20:]
	for _, method := range []string{MethodSVM, MethodCentroid} {
		b.Run(method, func(b *testing.B) {
			rk := NewRanker()
			rk.Rank(likes, cands, Options{Method: method})
			b.ResetTimer()
			for range b.N {
				rk.Rank(likes, cands, Options{Method: method, Explain: 200})
			}
		})
	}
}

package embed

import (
	"math"
	"slices"
)

// vocab maps words to rows and holds each word's inverse document frequency,
// the weight a word carries when texts are averaged into one vector.
type vocab struct {
	words []string
	index map[string]int32
	idf   []float32
}

// buildVocab keeps every word that occurs in at least minDF documents. Rows are
// sorted by descending document frequency, then alphabetically, so the result
// does not depend on map iteration order.
func buildVocab(docs [][]string, minDF int) *vocab {
	df := map[string]int{}
	seen := map[string]bool{}
	for _, toks := range docs {
		clear(seen)
		for _, t := range toks {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	words := make([]string, 0, len(df))
	for w, n := range df {
		if n >= minDF {
			words = append(words, w)
		}
	}
	slices.SortFunc(words, func(a, b string) int {
		if df[a] != df[b] {
			return df[b] - df[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	v := &vocab{words: words, index: make(map[string]int32, len(words)), idf: make([]float32, len(words))}
	n := float64(len(docs))
	for i, w := range words {
		v.index[w] = int32(i)
		v.idf[i] = idf(n, float64(df[w]))
	}
	return v
}

// idf is BM25's inverse document frequency, always positive.
func idf(n, df float64) float32 {
	return float32(math.Log(1 + (n-df+0.5)/(df+0.5)))
}

// bag is a text as weighted word rows: ids are distinct rows, coef their
// summed weights. A text's vector is the normalised sum of coef[i]*row(ids[i]).
type bag struct {
	ids  []int32
	coef []float32
}

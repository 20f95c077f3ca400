package embed

import "math"

// vocab (built by corpusBuilder) maps words to rows and holds each word's
// inverse document frequency, the weight a word carries when texts are
// averaged into one vector.
type vocab struct {
	words []string
	index map[string]int32
	idf   []float32
	df    []int32 // documents each word occurs in
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

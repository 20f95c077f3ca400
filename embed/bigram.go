package embed

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Trained bigram rows at a bounded cost: a pair of adjacent words (within a
// title or a sentence) gets a trained row, stored in the table as the two
// words joined by a space, only when each of its words is in at most
// BigramMaxShare of the documents. Function words and a field's most common
// words never pair, so the rows a step touches grow by a little, not by the
// number of words. A text's vector adds the rows of its pairs the table
// knows, weighted by idf × BigramWeight.

// bigramKey packs two provisional word ids into one map key.
func bigramKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// bigramCount is a pair's document frequency while counting.
type bigramCount struct{ df, last int32 }

// countBigrams walks the builder's tokens (without releasing them) and
// returns the at most max pairs of at least minDF documents whose words
// each have a document frequency within [minDF, maxDF], most frequent first
// (ties by name), as rows numbered from first.
func (b *corpusBuilder) countBigrams(minDF, maxDF, max int, first int32) (rows map[uint64]int32, names []string, dfs []int32) {
	ok := func(id int32) bool { n := int(b.df[id]); return n >= minDF && n <= maxDF }
	counts := map[uint64]bigramCount{}
	ci, k := 0, 0
	next := func() int32 {
		for k == len(b.toks[ci]) {
			ci, k = ci+1, 0
		}
		k++
		return b.toks[ci][k-1]
	}
	doc := int32(0)
	for p := 0; p < len(b.lens); {
		nspans := int(b.lens[p])
		p++
		doc++
		for range nspans {
			prev := int32(-1)
			for range b.lens[p] {
				id := next()
				if prev >= 0 && ok(prev) && ok(id) {
					key := bigramKey(prev, id)
					c := counts[key]
					if c.last != doc {
						c.df++
						c.last = doc
						counts[key] = c
					}
				}
				prev = id
			}
			p++
		}
	}
	type cand struct {
		key  uint64
		df   int32
		name string
	}
	var cs []cand
	for key, c := range counts {
		if int(c.df) >= minDF {
			cs = append(cs, cand{key: key, df: c.df, name: b.words[key>>32] + " " + b.words[uint32(key)]})
		}
	}
	slices.SortFunc(cs, func(x, y cand) int {
		if x.df != y.df {
			return cmp.Compare(y.df, x.df)
		}
		return strings.Compare(x.name, y.name)
	})
	cs = cs[:min(len(cs), max)]
	rows = make(map[uint64]int32, len(cs))
	names, dfs = make([]string, len(cs)), make([]int32, len(cs))
	for i, c := range cs {
		rows[c.key] = first + int32(i)
		names[i], dfs[i] = c.name, c.df
	}
	return rows, names, dfs
}

// embedWithBigrams is embedBags that also adds the rows of the texts'
// adjacent word pairs the table knows.
func embedWithBigrams(ctx context.Context, t *Table, weights []float32, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	var buf, prev, pair []byte
	var bag []int32
	for i, text := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		bag, prev = bag[:0], prev[:0]
		buf = eachToken(text, buf, func(w []byte) {
			if j := t.lookupBytes(w); j >= 0 {
				bag = append(bag, int32(j))
			}
			if len(prev) > 0 {
				pair = append(append(append(pair[:0], prev...), ' '), w...)
				if j := t.lookupBytes(pair); j >= 0 {
					bag = append(bag, int32(j))
				}
			}
			prev = append(prev[:0], w...)
		})
		vec := make([]float32, t.Dim)
		addBag(vec, t, weights, bag)
		normalize(vec)
		out[i] = vec
	}
	return out, nil
}

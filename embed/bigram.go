package embed

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// A bag of single words cannot tell "heart failure" from a text that says
// "failure" in one place and "heart" in another. The model therefore also
// trains a vector for each frequent pair of adjacent words (a bigram), stored
// in the table as the two words joined by a space. A text's vector adds the
// rows of the bigrams it contains, like words, weighted by their idf times
// TrainOptions.BigramWeight. A query pays one table probe per pair of words.

// bigramKey packs two provisional word ids into one map key.
func bigramKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// bigramCount is a bigram's document frequency while the corpus is read.
type bigramCount struct {
	df, last int32 // last: the last document that counted it, +1
}

// countBigrams counts the document frequency of each adjacent pair of the
// current document's spans (b.span, cut by b.spans).
func (b *corpusBuilder) countBigrams() {
	if b.bigrams == nil {
		return
	}
	at := 0
	for _, l := range b.spans {
		s := b.span[at : at+int(l)]
		at += int(l)
		for i := 1; i < len(s); i++ {
			k := bigramKey(s[i-1], s[i])
			c := b.bigrams[k]
			if c.last != b.docs {
				c.df++
				c.last = b.docs
				b.bigrams[k] = c
			}
		}
	}
}

// keepBigrams returns the at most max most frequent bigrams of at least minDF
// documents (ties broken by their words, so the choice does not depend on map
// order), mapped to rows from first on, with their names and frequencies.
func (b *corpusBuilder) keepBigrams(minDF, maxDF, max int, first int32) (rows map[uint64]int32, names []string, dfs []int32) {
	type cand struct {
		key  uint64
		df   int32
		name string
	}
	var cs []cand
	for k, c := range b.bigrams {
		if int(c.df) >= minDF && (maxDF == 0 || int(c.df) <= maxDF) {
			cs = append(cs, cand{key: k, df: c.df})
		}
	}
	b.bigrams = nil
	for i := range cs {
		cs[i].name = b.words[cs[i].key>>32] + " " + b.words[uint32(cs[i].key)]
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
	tmp := make([]float32, 2*t.Dim)
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
		addBag(vec, tmp, t, weights, bag)
		normalize(vec)
		out[i] = vec
	}
	return out, nil
}

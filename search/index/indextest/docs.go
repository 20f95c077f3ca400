// Package indextest makes fixed, seeded corpora for the tests and
// benchmarks of package index and of the search over it, so both measure
// the same documents.
//
// It cannot import package index (index's own tests use it), so its
// functions are generic over any struct shaped like index.Document:
// indextest.VariedDocs[index.Document](n, seed).
package indextest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Doc is the shape of index.Document.
type Doc = struct {
	ID         string
	Title      string
	Abstract   string
	Authors    []string
	Categories []string
	Date       time.Time
	Upvotes    int
	Withdrawn  bool
}

// VariedDocs makes n papers with shared words (so postings span several
// blocks), phrases, authors, categories and dates.
func VariedDocs[D ~Doc](n int, seed uint64) []D {
	r := rand.New(rand.NewPCG(seed, 9))
	words := strings.Fields("graph neural network language model diffusion protein folding quantum error correction " +
		"transformer attention retrieval benchmark robot policy vision segmentation theorem prover sparse")
	names := []string{"Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"}
	cats := []string{"cs.LG", "cs.CL", "cs.CV", "quant-ph", "math.AG"}
	text := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	docs := make([]D, n)
	for i := range docs {
		phrase := ""
		if r.IntN(3) == 0 {
			phrase = " graph neural network "
		}
		docs[i] = D{
			ID: fmt.Sprintf("%04d.%05d", 2000+i%30, i), Title: text(3 + r.IntN(6)),
			Abstract:   text(10+r.IntN(60)) + phrase + text(r.IntN(20)),
			Authors:    []string{names[r.IntN(len(names))], names[r.IntN(len(names))]},
			Categories: []string{cats[r.IntN(len(cats))], cats[r.IntN(len(cats))]},
			Date:       time.Date(2020+r.IntN(6), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC),
			Upvotes:    r.IntN(50),
			Withdrawn:  r.IntN(40) == 0,
		}
	}
	return docs
}

// ZipfDocs makes n papers from a fixed vocabulary of 20,000 words with a
// Zipf-like spread, the same for the same n.
func ZipfDocs[D ~Doc](n int) []D {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx", i)
	}
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		var b strings.Builder
		for range k {
			b.WriteString(vocab[z.Uint64()])
			b.WriteByte(' ')
		}
		return b.String()
	}
	docs := make([]D, n)
	for i := range docs {
		docs[i] = D{ID: fmt.Sprint(i), Title: words(10), Abstract: words(150),
			Authors: []string{"Ada Lovelace", "Alan Turing"}, Categories: []string{"cs.LG"}}
	}
	return docs
}

package embed

import (
	"math"
	"runtime/debug"
	"sync"
)

// rareChunk is how many documents withRare embeds at a time.
const rareChunk = 4096

// Words of few documents learn little in training, yet in a query they are
// often the best clue. Once training is done, a word of fewer than MinDF
// documents (rareWord) gets the direction of its documents, and a trained
// word of at most lowDFMax documents moves toward theirs by lowDFMix of its
// length: a query naming it points at those papers.
const (
	lowDFMax = 10
	lowDFMix = 0.3
)

// withRare returns the trained vocabulary followed by the rare words, with
// the vectors described above. A rare word's vector is as long as the mean of
// the least frequent tenth of the trained words.
func (c *corpus) withRare(t *trainer) (words []string, idfs, vecs []float32) {
	words, idfs, vecs = c.vocab.words, c.vocab.idf, t.p.vecs
	dim := t.p.dim
	trained := len(words)
	var scale float64
	from := trained - max(1, trained/10)
	for i := from; i < trained; i++ {
		scale += float64(norm(vecs[i*dim : (i+1)*dim]))
	}
	scale *= float64(t.opts.RareScale) / float64(max(1, trained-from))
	// Trained words of few documents sum their documents' vectors in the
	// optimiser's accumulator, which is as large as the trained vectors and no
	// longer needed.
	cent := t.p.accum[:min(len(t.p.accum), trained*dim)]
	if len(cent) < trained*dim {
		cent = make([]float32, trained*dim)
	}
	t.p.accum = nil
	clear(cent)
	lastDoc := make([]int32, trained)
	// Documents → rare words, as offsets into one array.
	start := make([]int32, len(c.docs)+1)
	for _, r := range c.rare {
		for _, d := range r.docs {
			start[d+1]++
		}
	}
	for d := range c.docs {
		start[d+1] += start[d]
	}
	at := append([]int32(nil), start[:len(c.docs)]...)
	byDoc := make([]int32, start[len(c.docs)])
	for ri, r := range c.rare {
		for _, d := range r.docs {
			byDoc[at[d]] = int32(ri)
			at[d]++
		}
	}
	// The rare rows follow the trained ones in one array (initParams reserved
	// the room).
	if need := (trained + len(c.rare)) * dim; cap(vecs) < need {
		vecs = append(make([]float32, 0, need), vecs...)
	}
	vecs = vecs[:(trained+len(c.rare))*dim]
	t.p.vecs = vecs
	rows := vecs[trained*dim:]
	bags := make([]bag, 0, rareChunk)
	var e encoded
	if c.keepBags {
		c.docBags = make([][]byte, len(c.docs))
	}
	for lo := 0; lo < len(c.docs); lo += rareChunk {
		hi := min(lo+rareChunk, len(c.docs))
		bags = bags[:0]
		for _, d := range c.docs[lo:hi] {
			bags = append(bags, c.bags.make(append([][]int32{d.title}, d.sents...)...))
		}
		t.encode(&e, bags)
		// The documents' bags for their vectors (keepBags), beside the rare
		// rows below, on the core they leave idle.
		var bagging sync.WaitGroup
		if c.keepBags {
			bagging.Go(func() { c.bagDocs(lo, hi, int32(trained)) })
		}
		for d := lo; d < hi; d++ {
			dv := e.vecs[d-lo]
			for _, ri := range byDoc[start[d]:start[d+1]] {
				axpy(rows[int(ri)*dim:(int(ri)+1)*dim], dv, 1)
			}
			for _, id := range bags[d-lo].ids {
				if c.vocab.df[id] <= lowDFMax && lastDoc[id] != int32(d)+1 {
					lastDoc[id] = int32(d) + 1
					axpy(cent[int(id)*dim:(int(id)+1)*dim], dv, 1)
				}
			}
		}
		bagging.Wait()
		// The documents are not needed again: let their token chunks go, and
		// return them to the system now and then, while the rare rows fill.
		clear(c.docs[lo:hi])
		if (lo/rareChunk)%4 == 3 {
			debug.FreeOSMemory()
		}
	}
	for i, n := range c.vocab.df {
		if n > lowDFMax {
			continue
		}
		row, c := vecs[i*dim:(i+1)*dim], cent[i*dim:(i+1)*dim]
		if cn := norm(c); cn > 0 {
			axpy(row, c, lowDFMix*norm(row)/cn)
		}
	}
	words = append(words[:trained:trained], make([]string, len(c.rare))...)
	idfs = append(idfs[:trained:trained], make([]float32, len(c.rare))...)
	for ri, r := range c.rare {
		row := rows[ri*dim : (ri+1)*dim]
		normalize(row)
		for k := range row {
			row[k] *= float32(scale)
		}
		words[trained+ri], idfs[trained+ri] = r.word, r.idf
	}
	return words, idfs, vecs
}

// norm is v's length.
func norm(v []float32) float32 {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	return float32(math.Sqrt(ss))
}

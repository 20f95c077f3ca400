package embed

import "math"

// rareChunk is how many documents withRare embeds at a time.
const rareChunk = 4096

// withRare returns the trained vocabulary followed by the rare words, whose
// vectors are the normalised sum of the unit vectors of the documents they
// occur in, scaled to the mean length of the least frequent tenth of the
// trained words (rareWord).
func (c *corpus) withRare(t *trainer) (words []string, idfs, vecs []float32) {
	words, idfs, vecs = c.vocab.words, c.vocab.idf, t.p.vecs
	if len(c.rare) == 0 {
		return words, idfs, vecs
	}
	dim := t.p.dim
	trained := len(words)
	var scale float64
	from := trained - max(1, trained/10)
	for i := from; i < trained; i++ {
		var ss float64
		for _, x := range vecs[i*dim : (i+1)*dim] {
			ss += float64(x) * float64(x)
		}
		scale += math.Sqrt(ss)
	}
	scale *= float64(t.opts.RareScale) / float64(trained-from)
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
	// One array for both, the trained rows copied first: the old one becomes
	// garbage before the rare rows are filled, and encode reads the copy.
	vecs = append(make([]float32, 0, (trained+len(c.rare))*dim), vecs...)
	vecs = vecs[:cap(vecs)]
	t.p.vecs = vecs
	rows := vecs[trained*dim:]
	bags := make([]bag, 0, rareChunk)
	for lo := 0; lo < len(c.docs); lo += rareChunk {
		hi := min(lo+rareChunk, len(c.docs))
		bags = bags[:0]
		for _, d := range c.docs[lo:hi] {
			bags = append(bags, c.bags.make(append([][]int32{d.title}, d.sents...)...))
		}
		e := t.encode(bags)
		for d := lo; d < hi; d++ {
			for _, ri := range byDoc[start[d]:start[d+1]] {
				axpy(rows[int(ri)*dim:(int(ri)+1)*dim], e.vecs[d-lo], 1)
			}
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

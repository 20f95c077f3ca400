package embed

import (
	"encoding/binary"
	"math/bits"
)

// A document's bag is the model rows of its words, rare words included (a
// rare word r is row trained+r, where withRare puts it), as Model.Embed sums
// them (addBag): each distinct row in ascending order, as the uvarint of its
// distance from the previous one, then the uvarint of its count. About a
// third of the document's token ids, it is what a followed corpus keeps
// from training to the vector file (CorpusFollower.EachVector).

// bagDocs encodes documents [lo, hi) into c.docBags (as long as c.docs).
func (c *corpus) bagDocs(lo, hi int, trained int32) {
	b := newDocBagger(int(trained) + len(c.rare))
	for d := lo; d < hi; d++ {
		c.docBags[d] = b.bag(&c.docs[d], trained)
	}
}

// docBagger encodes documents' bags, reusing its tables, which are all zero
// between calls: each row's count, and a two-level bitmap of the rows seen,
// which gives them back in ascending order without a sort (a document has
// a hundred-odd distinct rows; the top level is one bit per 64 rows).
type docBagger struct {
	count    []int32  // per model row
	seen     []uint64 // bit per row
	seenWord []uint64 // bit per word of seen
	rows     int      // distinct rows of the document at hand
}

func newDocBagger(rows int) *docBagger {
	words := (rows + 63) / 64
	return &docBagger{count: make([]int32, rows), seen: make([]uint64, words), seenWord: make([]uint64, (words+63)/64)}
}

func (b *docBagger) add(row int32) {
	if b.count[row] == 0 {
		b.seen[row>>6] |= 1 << (row & 63)
		b.seenWord[row>>12] |= 1 << ((row >> 6) & 63)
		b.rows++
	}
	b.count[row]++
}

// bag returns d's bag.
func (b *docBagger) bag(d *trainDoc, trained int32) []byte {
	for _, row := range d.title {
		b.add(row)
	}
	for _, s := range d.sents {
		for _, row := range s {
			b.add(row)
		}
	}
	for _, r := range d.rare {
		b.add(trained + r)
	}
	out := make([]byte, 0, 3*b.rows)
	prev := 0
	for i, top := range b.seenWord {
		for ; top != 0; top &= top - 1 {
			w := i*64 + bits.TrailingZeros64(top)
			for bitsLeft := b.seen[w]; bitsLeft != 0; bitsLeft &= bitsLeft - 1 {
				row := w*64 + bits.TrailingZeros64(bitsLeft)
				out = binary.AppendUvarint(out, uint64(row-prev))
				out = binary.AppendUvarint(out, uint64(b.count[row]))
				b.count[row] = 0
				prev = row
			}
			b.seen[w] = 0
		}
		b.seenWord[i] = 0
	}
	b.rows = 0
	return out
}

// addDocBag adds the rows of bag to vec as addBag adds a text's, in the
// same order with the same weights: the same sums, bit for bit.
func addDocBag(vec []float32, t *Table, weights []float32, bag []byte) {
	row := uint64(0)
	for len(bag) > 0 {
		delta, k := binary.Uvarint(bag)
		n, j := binary.Uvarint(bag[k:])
		bag = bag[k+j:]
		row += delta
		t.AddRow(vec, int(row), weights[row]*float32(n))
	}
}

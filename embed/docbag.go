package embed

import (
	"encoding/binary"
	"slices"
)

// A document's bag is the model rows of its words, rare words included (a
// rare word r is row trained+r, where withRare puts it), as Model.Embed sums
// them (addBag): each distinct row in ascending order, as the uvarint of its
// distance from the previous one, then the uvarint of its count. About a
// third of the document's token ids, it is what a followed corpus keeps
// from training to the vector file (CorpusFollower.EachVector).

// bagDocs encodes documents [lo, hi) into c.docBags (as long as c.docs).
func (c *corpus) bagDocs(lo, hi int, trained int32) {
	b := docBagger{count: make([]int32, int(trained)+len(c.rare))}
	for d := lo; d < hi; d++ {
		c.docBags[d] = b.bag(&c.docs[d], trained)
	}
}

// docBagger encodes documents' bags, reusing its scratch space: count is
// zero for every row between calls.
type docBagger struct {
	count []int32 // per model row
	rows  []int32 // the distinct rows of the document at hand
}

// bag returns d's bag. Counting each row's occurrences in a table instead
// of sorting every token leaves only the distinct rows to sort.
func (b *docBagger) bag(d *trainDoc, trained int32) []byte {
	rows := b.rows[:0]
	add := func(row int32) {
		if b.count[row] == 0 {
			rows = append(rows, row)
		}
		b.count[row]++
	}
	for _, row := range d.title {
		add(row)
	}
	for _, s := range d.sents {
		for _, row := range s {
			add(row)
		}
	}
	for _, r := range d.rare {
		add(trained + r)
	}
	slices.Sort(rows)
	out := make([]byte, 0, 3*len(rows))
	prev := int32(0)
	for _, row := range rows {
		out = binary.AppendUvarint(out, uint64(row-prev))
		out = binary.AppendUvarint(out, uint64(b.count[row]))
		b.count[row] = 0
		prev = row
	}
	b.rows = rows
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

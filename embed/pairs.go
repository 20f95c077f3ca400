package embed

import "math/rand/v2"

// pair is one training example: a query-like text and the document text it
// should land nearest to. doc identifies the source document, so two pairs
// from one document are never treated as each other's negatives.
type pair struct {
	doc  int
	q, d bag
}

// pairSpec names one training example before its bags are built: the source
// document and the sentence that is its query, or -1 for title → abstract.
// An epoch is a list of specs (8 bytes each); bags are built one batch at a
// time, so memory does not grow with the corpus times the pairs per paper.
type pairSpec struct {
	doc, sent int32
}

// specs draws one epoch of examples in random order: title → abstract for every
// document with both, and up to ict inverse-cloze pairs per document.
func (c *corpus) specs(rng *rand.Rand, ict int) []pairSpec {
	out := make([]pairSpec, 0, len(c.docs)*(1+ict))
	for di, d := range c.docs {
		if len(d.title) > 0 && len(d.sents) > 0 {
			out = append(out, pairSpec{int32(di), -1})
		}
		if len(d.sents) < 2 {
			continue
		}
		perm := rng.Perm(len(d.sents))
		for _, s := range perm[:min(ict, len(perm))] {
			out = append(out, pairSpec{int32(di), int32(s)})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// pairs builds the bags of a batch of specs: the title against the abstract,
// or one sentence against the title plus the other sentences (the sentence
// itself kept with chance keep); each document side then loses each distinct
// word with chance drop.
func (c *corpus) pairs(specs []pairSpec, rng *rand.Rand, keep, drop float32) []pair {
	out := make([]pair, len(specs))
	var parts [][]int32
	for i, sp := range specs {
		d := c.docs[sp.doc]
		p := pair{doc: int(sp.doc)}
		if sp.sent < 0 {
			p.q, p.d = c.bags.make(d.title), c.bags.make(d.sents...)
		} else {
			parts = append(parts[:0], d.title)
			for k, sent := range d.sents {
				if k != int(sp.sent) || rng.Float32() < keep {
					parts = append(parts, sent)
				}
			}
			p.q, p.d = c.bags.make(d.sents[sp.sent]), c.bags.make(parts...)
		}
		if drop > 0 {
			p.d = thin(p.d, drop, rng)
		}
		out[i] = p
	}
	return out
}

// bagger merges rows into bags with a dense position table instead of a map:
// bags are built for every pair of every epoch.
type bagger struct {
	idf []float32
	pos []int32 // row → index in the bag being built + 1, 0 when absent
}

func newBagger(idf []float32) *bagger {
	return &bagger{idf: idf, pos: make([]int32, len(idf))}
}

// make returns the bag of the concatenation of parts; each occurrence adds the
// word's idf to its coefficient.
func (b *bagger) make(parts ...[]int32) bag {
	var out bag
	for _, p := range parts {
		for _, id := range p {
			if k := b.pos[id]; k > 0 {
				out.coef[k-1] += b.idf[id]
				continue
			}
			out.ids = append(out.ids, id)
			out.coef = append(out.coef, b.idf[id])
			b.pos[id] = int32(len(out.ids))
		}
	}
	for _, id := range out.ids {
		b.pos[id] = 0
	}
	return out
}

// thin drops each distinct word of b with probability drop (keeping at least
// one). On the document side of a pair this is word-deletion augmentation,
// and it makes each step cheaper in proportion: documents are the long side.
func thin(b bag, drop float32, rng *rand.Rand) bag {
	var out bag
	for k, id := range b.ids {
		if rng.Float32() >= drop {
			out.ids = append(out.ids, id)
			out.coef = append(out.coef, b.coef[k])
		}
	}
	if len(out.ids) == 0 && len(b.ids) > 0 {
		k := rng.IntN(len(b.ids))
		out.ids, out.coef = []int32{b.ids[k]}, []float32{b.coef[k]}
	}
	return out
}

package embed

import "math/rand/v2"

// trainDoc is a document as word rows: its title and each abstract sentence.
type trainDoc struct {
	title []int32
	sents [][]int32
}

// corpus is the tokenized training set and its vocabulary.
type corpus struct {
	vocab *vocab
	docs  []trainDoc
	bags  *bagger
}

func newCorpus(docs []Doc, minDF int) *corpus {
	type tokDoc struct {
		title []string
		sents [][]string
	}
	toks := make([]tokDoc, 0, len(docs))
	all := make([][]string, 0, len(docs))
	for _, d := range docs {
		td := tokDoc{title: Tokenize(d.Title)}
		words := append([]string(nil), td.title...)
		for _, s := range SplitSentences(d.Text) {
			if st := Tokenize(s); len(st) > 0 {
				td.sents = append(td.sents, st)
				words = append(words, st...)
			}
		}
		if len(words) == 0 {
			continue
		}
		toks = append(toks, td)
		all = append(all, words)
	}
	v := buildVocab(all, minDF)
	ids := func(ws []string) []int32 {
		out := make([]int32, 0, len(ws))
		for _, w := range ws {
			if i, ok := v.index[w]; ok {
				out = append(out, i)
			}
		}
		return out
	}
	c := &corpus{vocab: v, docs: make([]trainDoc, len(toks)), bags: newBagger(v.idf)}
	for i, td := range toks {
		c.docs[i].title = ids(td.title)
		for _, s := range td.sents {
			c.docs[i].sents = append(c.docs[i].sents, ids(s))
		}
	}
	return c
}

// pair is one training example: a query-like text and the document text it
// should land nearest to. doc identifies the source document, so two pairs
// from one document are never treated as each other's negatives.
type pair struct {
	doc    int
	q, d   bag
	negDoc int // a mined hard negative document, or -1
	neg    bag
}

// pairs draws one epoch of examples in random order: title → abstract for every
// document with both, and up to ict inverse-cloze pairs (one sentence → title
// plus the other sentences, the sentence itself kept with chance keep).
func (c *corpus) pairs(rng *rand.Rand, ict int, keep, drop float32) []pair {
	var out []pair
	var parts [][]int32
	for di, d := range c.docs {
		if len(d.title) > 0 && len(d.sents) > 0 {
			out = append(out, pair{doc: di, q: c.bags.make(d.title), d: c.bags.make(d.sents...), negDoc: -1})
		}
		if len(d.sents) < 2 {
			continue
		}
		perm := rng.Perm(len(d.sents))
		for _, s := range perm[:min(ict, len(perm))] {
			parts = append(parts[:0], d.title)
			for k, sent := range d.sents {
				if k != s || rng.Float32() < keep {
					parts = append(parts, sent)
				}
			}
			out = append(out, pair{doc: di, q: c.bags.make(d.sents[s]), d: c.bags.make(parts...), negDoc: -1})
		}
	}
	if drop > 0 {
		for i := range out {
			out[i].d = thin(out[i].d, drop, rng)
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
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

// addHardNegatives gives each pair one of BM25's top k documents for its query
// (never its own document) as an extra negative.
func (c *corpus) addHardNegatives(pairs []pair, m *miner, k int, rng *rand.Rand) {
	for i := range pairs {
		p := &pairs[i]
		if nd := m.hardNegative(p.q, p.doc, k, rng); nd >= 0 {
			d := c.docs[nd]
			p.negDoc, p.neg = nd, c.bags.make(append([][]int32{d.title}, d.sents...)...)
		}
	}
}

// avgLen is the mean document length in words.
func (c *corpus) avgLen() float32 {
	var n int
	for _, d := range c.docs {
		n += len(d.title)
		for _, s := range d.sents {
			n += len(s)
		}
	}
	return float32(n) / float32(max(1, len(c.docs)))
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

package embed

import (
	"slices"
	"strings"
)

// DocSource yields training documents one at a time, so that a large corpus
// never has to sit in memory as text: training keeps only word ids. It returns
// the error that stopped it, if any.
type DocSource func(yield func(Doc) bool) error

// DocsSource is a DocSource over a slice.
func DocsSource(docs []Doc) DocSource {
	return func(yield func(Doc) bool) error {
		for _, d := range docs {
			if !yield(d) {
				return nil
			}
		}
		return nil
	}
}

// trainDoc is a document as word rows: its title and each abstract sentence,
// all views into the corpus's one token array. rare holds the document's
// words under the minimum document frequency, as indexes into corpus.rare,
// once per occurrence: training leaves them out, but a document's vector
// counts them (docbag.go).
type trainDoc struct {
	title []int32
	sents [][]int32
	rare  []int32
}

// corpus is the tokenized training set and its vocabulary.
type corpus struct {
	vocab *vocab
	docs  []trainDoc
	bags  *bagger
	rare  []rareWord // words under the minimum document frequency
	// keepBags makes withRare keep each document as the bag of model rows
	// its vector sums (docBags), for CorpusFollower.EachVector.
	keepBags bool
	docBags  [][]byte
}

// rareWord is a word seen in too few documents to be trained: once the
// other words are, its vector is the direction of the documents it occurs in
// (a query naming it then points at them, as training would have taught).
type rareWord struct {
	word string
	idf  float32
	docs []int32
}

// corpusBuilder reads documents one by one into a flat array of provisional
// word ids (one int32 per token, no strings kept but one per distinct word),
// counting document frequencies as it goes.
type corpusBuilder struct {
	index map[string]int32
	words []string
	df    []int32
	last  []int32   // the last document that counted each word, +1
	toks  [][]int32 // every kept document's title then sentences, in chunks of tokChunk (no doubling copies)
	lens  []int32   // per document: the number of spans, then each span's length
	docs  int32
	span  []int32 // the current document's tokens
	spans []int32 // the current document's span lengths
	buf   []byte  // addText's lower-cased word
	// Documents can be taken out again (remove), for a corpus read from a
	// change feed while papers are still being updated (CorpusFollower).
	starts []docStart     // per document added, where it starts
	ntoks  int64          // tokens in toks
	dead   map[int32]bool // documents removed
}

// docStart is where a document's tokens and span lengths begin.
type docStart struct {
	tok  int64
	lens int32
}

func newCorpusBuilder() *corpusBuilder {
	return &corpusBuilder{index: map[string]int32{}}
}

// add tokenizes one document and adds it (addTokens).
func (b *corpusBuilder) add(d Doc) {
	b.addTokens(tokenizeDoc(d))
}

// tokenizedDoc is a document's title and each abstract sentence as words.
type tokenizedDoc struct {
	title []string
	sents [][]string
}

// tokenizeDoc splits a document into its title's words and each sentence's.
// It holds no state, so documents can be tokenized on several cores
// (readTokenized) and added in order.
func tokenizeDoc(d Doc) tokenizedDoc {
	t := tokenizedDoc{title: Tokenize(d.Title)}
	for _, s := range SplitSentences(d.Text) {
		t.sents = append(t.sents, Tokenize(s))
	}
	return t
}

// addTokens adds one tokenized document: its title and each sentence. A
// document without a single word is skipped.
func (b *corpusBuilder) addTokens(d tokenizedDoc) {
	b.addDoc(d)
}

// addDoc is addTokens, and returns the document's number, or -1 when it was
// skipped.
func (b *corpusBuilder) addDoc(d tokenizedDoc) int32 {
	b.span, b.spans = b.span[:0], b.spans[:0]
	b.addSpan(d.title, true)
	for _, s := range d.sents {
		b.addSpan(s, false)
	}
	return b.commitDoc()
}

// addText is addDoc(tokenizeDoc(d)) with the words looked up as they are
// cut from the text, without a string for each: the corpus a first import
// follows is tokenized on the one goroutine that follows it.
func (b *corpusBuilder) addText(d Doc) int32 {
	b.span, b.spans = b.span[:0], b.spans[:0]
	b.addTextSpan(d.Title, true)
	for _, s := range SplitSentences(d.Text) {
		b.addTextSpan(s, false)
	}
	return b.commitDoc()
}

// commitDoc adds the document whose spans addDoc or addText gathered.
func (b *corpusBuilder) commitDoc() int32 {
	if len(b.span) == 0 {
		return -1
	}
	b.starts = append(b.starts, docStart{tok: b.ntoks, lens: int32(len(b.lens))})
	b.ntoks += int64(len(b.span))
	b.docs++
	for _, id := range b.span {
		if b.last[id] != b.docs {
			b.last[id] = b.docs
			b.df[id]++
		}
	}
	for rest := b.span; len(rest) > 0; {
		if len(b.toks) == 0 || len(b.toks[len(b.toks)-1]) == tokChunk {
			b.toks = append(b.toks, make([]int32, 0, tokChunk))
		}
		last := &b.toks[len(b.toks)-1]
		n := min(len(rest), tokChunk-len(*last))
		*last = append(*last, rest[:n]...)
		rest = rest[n:]
	}
	b.lens = append(b.lens, int32(len(b.spans)))
	b.lens = append(b.lens, b.spans...)
	return b.docs - 1
}

// remove takes document doc out of the corpus: it no longer counts in any
// word's document frequency, and build leaves it out, so the corpus is the
// one that would have been read without it.
func (b *corpusBuilder) remove(doc int32) {
	if b.dead == nil {
		b.dead = map[int32]bool{}
	}
	if b.dead[doc] {
		return
	}
	b.dead[doc] = true
	st := b.starts[doc]
	nspans := b.lens[st.lens]
	var n int64
	for _, l := range b.lens[st.lens+1 : st.lens+1+nspans] {
		n += int64(l)
	}
	seen := map[int32]bool{}
	for off := st.tok; off < st.tok+n; off++ {
		id := b.toks[off/tokChunk][off%tokChunk]
		if !seen[id] {
			seen[id] = true
			b.df[id]--
		}
	}
}

// addSpan appends one span's words; a sentence without words is no span,
// a title always is (possibly empty).
func (b *corpusBuilder) addSpan(words []string, title bool) {
	n := len(b.span)
	for _, w := range words {
		id, ok := b.index[w]
		if !ok {
			id = b.newWord(strings.Clone(w)) // do not keep the whole text alive
		}
		b.span = append(b.span, id)
	}
	b.endSpan(n, title)
}

// addTextSpan is addSpan(Tokenize(text), title).
func (b *corpusBuilder) addTextSpan(text string, title bool) {
	n := len(b.span)
	b.buf = eachToken(text, b.buf, func(w []byte) {
		id, ok := b.index[string(w)]
		if !ok {
			id = b.newWord(string(w))
		}
		b.span = append(b.span, id)
	})
	b.endSpan(n, title)
}

// endSpan closes the span that began at n.
func (b *corpusBuilder) endSpan(n int, title bool) {
	if title || len(b.span) > n {
		b.spans = append(b.spans, int32(len(b.span)-n))
	}
}

// newWord gives w the next provisional id.
func (b *corpusBuilder) newWord(w string) int32 {
	id := int32(len(b.words))
	b.index[w] = id
	b.words = append(b.words, w)
	b.df = append(b.df, 0)
	b.last = append(b.last, 0)
	return id
}

// build keeps the words in at least minDF documents, numbers them by
// descending document frequency then alphabetically (so the result does not
// depend on map order), and rewrites the tokens in place.
func (b *corpusBuilder) build(minDF int) *corpus {
	order := make([]int32, 0, len(b.words))
	for id, n := range b.df {
		if int(n) >= max(minDF, 1) {
			order = append(order, int32(id))
		}
	}
	slices.SortFunc(order, func(x, y int32) int {
		if b.df[x] != b.df[y] {
			return int(b.df[y] - b.df[x])
		}
		return strings.Compare(b.words[x], b.words[y])
	})
	v := &vocab{words: make([]string, len(order)), index: make(map[string]int32, len(order)), idf: make([]float32, len(order)), df: make([]int32, len(order))}
	// Words under minDF are not trained but remembered with their documents:
	// they get their documents' direction once training is done (rareWord).
	var rare []int32
	for id, n := range b.df {
		if int(n) < minDF && n > 0 { // 0: seen only in removed documents
			rare = append(rare, int32(id))
		}
	}
	slices.SortFunc(rare, func(x, y int32) int {
		if b.df[x] != b.df[y] {
			return int(b.df[y] - b.df[x])
		}
		return strings.Compare(b.words[x], b.words[y])
	})
	remap := b.last[:len(b.words)] // reuse: provisional id → final id, or -2-r for rare word r
	live := b.docs - int32(len(b.dead))
	n := float64(live)
	for i, id := range order {
		w := b.words[id]
		v.words[i], v.index[w], v.idf[i], v.df[i] = w, int32(i), idf(n, float64(b.df[id])), b.df[id]
		remap[id] = int32(i)
	}
	rareWords := make([]rareWord, len(rare))
	for r, id := range rare {
		rareWords[r] = rareWord{word: b.words[id], idf: idf(n, float64(b.df[id]))}
		remap[id] = -2 - int32(r)
	}
	b.index, b.words, b.df = nil, nil, nil
	c := &corpus{vocab: v, docs: make([]trainDoc, 0, live), bags: newBagger(v.idf), rare: rareWords}
	// The kept ids go to chunks of about tokChunk, each document within one,
	// so that chunks can be let go once their documents are (withRare).
	var toks []int32
	w := 0              // write position in toks
	var docRare []int32 // the current document's rare words
	next := b.tokens()
	for p, doc := 0, int32(0); p < len(b.lens); doc++ {
		nspans := int(b.lens[p])
		p++
		var n int
		for _, l := range b.lens[p : p+nspans] {
			n += int(l)
		}
		if b.dead[doc] {
			for range n {
				next()
			}
			p += nspans
			continue
		}
		if len(toks)-w < n {
			toks, w = make([]int32, max(n, tokChunk)), 0
		}
		var d trainDoc
		docRare = docRare[:0]
		for s := range nspans {
			start := w
			for range b.lens[p] {
				id := remap[next()]
				if id >= 0 {
					toks[w] = id
					w++
					continue
				}
				docRare = append(docRare, -2-id)
				rw := &c.rare[-2-id]
				if doc := int32(len(c.docs)); len(rw.docs) == 0 || rw.docs[len(rw.docs)-1] != doc {
					rw.docs = append(rw.docs, doc)
				}
			}
			p++
			if s == 0 {
				d.title = toks[start:w:w]
			} else {
				d.sents = append(d.sents, toks[start:w:w])
			}
		}
		// The rare words fill the room their tokens left in the document's part.
		start := w
		w += copy(toks[w:], docRare)
		d.rare = toks[start:w:w]
		c.docs = append(c.docs, d)
	}
	b.toks, b.lens, b.last, b.starts, b.dead = nil, nil, nil, nil, nil
	return c
}

// tokChunk is how many token ids one chunk of the builder holds (4 MB).
const tokChunk = 1 << 20

// tokens returns the provisional ids one by one, releasing each chunk once
// read.
func (b *corpusBuilder) tokens() func() int32 {
	ci, k := 0, 0
	return func() int32 {
		for k == len(b.toks[ci]) {
			b.toks[ci] = nil
			ci, k = ci+1, 0
		}
		k++
		return b.toks[ci][k-1]
	}
}

// newCorpus tokenizes docs (see corpusBuilder).
func newCorpus(docs []Doc, minDF int) *corpus {
	b := newCorpusBuilder()
	for _, d := range docs {
		b.add(d)
	}
	return b.build(minDF)
}

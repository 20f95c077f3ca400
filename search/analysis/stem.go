package analysis

import (
	"hash/maphash"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"

	"github.com/paperwire/paperwire/internal/wordtab"
)

// stemCacheLimit bounds the per-analyzer stem cache; a vocabulary of a
// million papers has a few hundred thousand distinct words.
const stemCacheLimit = 1 << 20

// stemmer applies the Snowball English (Porter2) stemmer and remembers its
// answers: the generated stemmer allocates per word, and scientific text
// repeats its vocabulary heavily.
type stemmer struct {
	env   *snowballstem.Env
	seed  maphash.Seed
	words wordtab.Table     // word form → key of its term
	keys  map[string]uint32 // term → key: word forms with one stem share a key
	terms []string          // key → term; keys start at 1
	gen   uint32            // bumped each time the cache is cleared
	limit int               // word forms held before the cache is cleared
}

func newStemmer(limit int) *stemmer {
	return &stemmer{env: snowballstem.NewEnv(""), seed: maphash.MakeSeed(), words: wordtab.New(),
		keys: make(map[string]uint32, 1024), terms: []string{""}, gen: 1, limit: limit}
}

// Stem returns the Porter2 stem of a lower-case word.
func Stem(word string) string {
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

// hash hashes a word form for the word table and the hot cache.
func (s *stemmer) hash(w []byte) uint64 { return maphash.Bytes(s.seed, w) }

func (s *stemmer) stem(word string) string {
	s.clearIfFull()
	w := []byte(word)
	h := s.hash(w)
	if k, ok := s.words.Get(h, w); ok {
		return s.terms[k]
	}
	st := s.stemUncached(word)
	s.remember(h, w, st)
	return st
}

func (s *stemmer) stemUncached(word string) string {
	s.env.SetCurrent(word)
	english.Stem(s.env)
	return s.env.Current()
}

// remember caches the term of word form w (hash h, not yet known) and
// returns its key; the cache holds every word form seen (stemmed or not),
// so a known word needs no allocation.
func (s *stemmer) remember(h uint64, w []byte, term string) uint32 {
	k, ok := s.keys[term]
	if !ok {
		k = uint32(len(s.terms))
		s.keys[term] = k
		s.terms = append(s.terms, term)
	}
	s.words.Put(h, w, k, s.hash)
	return k
}

// clearIfFull empties the cache once it holds its limit of word forms and
// reports whether it did. It runs only before a text is analysed, so the
// keys of one text all belong to one generation.
func (s *stemmer) clearIfFull() bool {
	if s.words.Len() < s.limit {
		return false
	}
	s.words.Reset()
	clear(s.keys)
	clear(s.terms)
	s.terms = s.terms[:1]
	s.gen++
	return true
}

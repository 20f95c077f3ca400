package analysis

import (
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// stemCacheLimit bounds the per-analyzer stem cache; a vocabulary of a
// million papers has a few hundred thousand distinct words.
const stemCacheLimit = 1 << 20

// stemmer applies the Snowball English (Porter2) stemmer and remembers its
// answers: the generated stemmer allocates per word, and scientific text
// repeats its vocabulary heavily.
type stemmer struct {
	env   *snowballstem.Env
	cache map[string]uint32 // word form → key of its term
	keys  map[string]uint32 // term → key: word forms with one stem share a key
	terms []string          // key → term; keys start at 1
	gen   uint32            // bumped each time the cache is cleared
}

func newStemmer() *stemmer {
	return &stemmer{env: snowballstem.NewEnv(""), cache: make(map[string]uint32, 1024), keys: make(map[string]uint32, 1024), terms: []string{""}, gen: 1}
}

// Stem returns the Porter2 stem of a lower-case word.
func Stem(word string) string {
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

func (s *stemmer) stem(word string) string {
	if k, ok := s.cache[word]; ok {
		return s.terms[k]
	}
	st := s.stemUncached(word)
	s.remember(word, st)
	return st
}

func (s *stemmer) stemUncached(word string) string {
	s.env.SetCurrent(word)
	english.Stem(s.env)
	return s.env.Current()
}

// remember caches word's term and returns its key; the cache holds every
// word form seen (stemmed or not), so a known word needs no allocation.
func (s *stemmer) remember(word, term string) uint32 {
	if len(s.cache) >= stemCacheLimit {
		clear(s.cache)
		clear(s.keys)
		clear(s.terms)
		s.terms = s.terms[:1]
		s.gen++
	}
	k, ok := s.keys[term]
	if !ok {
		k = uint32(len(s.terms))
		s.keys[term] = k
		s.terms = append(s.terms, term)
	}
	s.cache[word] = k
	return k
}

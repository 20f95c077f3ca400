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
	cache map[string]cached
	keys  map[string]uint32 // term → key: word forms with one stem share a key
	gen   uint32            // bumped each time the cache is cleared
}

// cached is a word form's term and its key (see Token.Key).
type cached struct {
	term string
	key  uint32
}

func newStemmer() *stemmer {
	return &stemmer{env: snowballstem.NewEnv(""), cache: make(map[string]cached, 1024), keys: make(map[string]uint32, 1024), gen: 1}
}

// Stem returns the Porter2 stem of a lower-case word.
func Stem(word string) string {
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

func (s *stemmer) stem(word string) string {
	if c, ok := s.cache[word]; ok {
		return c.term
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

// remember caches word's term; the cache holds every word form seen (stemmed
// or not), so a known word needs no allocation.
func (s *stemmer) remember(word, term string) cached {
	if len(s.cache) >= stemCacheLimit {
		clear(s.cache)
		clear(s.keys)
		s.gen++
	}
	k, ok := s.keys[term]
	if !ok {
		k = uint32(len(s.keys)) + 1
		s.keys[term] = k
	}
	c := cached{term: term, key: k}
	s.cache[word] = c
	return c
}

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
	cache map[string]string
}

func newStemmer() *stemmer {
	return &stemmer{env: snowballstem.NewEnv(""), cache: make(map[string]string, 1024)}
}

// Stem returns the Porter2 stem of a lower-case word.
func Stem(word string) string {
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

func (s *stemmer) stem(word string) string {
	if st, ok := s.cache[word]; ok {
		return st
	}
	s.env.SetCurrent(word)
	english.Stem(s.env)
	st := s.env.Current()
	if len(s.cache) >= stemCacheLimit {
		clear(s.cache)
	}
	s.cache[word] = st
	return st
}

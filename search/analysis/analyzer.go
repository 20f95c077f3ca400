// Package analysis turns scientific English text into index terms: it splits
// words the way papers write them (hyphenated compounds, decimal numbers,
// possessives, Greek letters and LaTeX commands), lower-cases, drops English
// stopwords and stems with Snowball's English (Porter2) stemmer.
//
// The same analyzer runs at index time and at query time, so a query matches
// exactly the terms a document was indexed under.
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTermLen drops longer "words" (URLs, sequences, base64): they are noise
// in an inverted index and cost memory.
const MaxTermLen = 48

// maxCompoundParts bounds the parts of a hyphenated word that are also
// indexed joined ("covid-19" → covid, 19, covid19).
const maxCompoundParts = 6

// Token is one term of analysed text.
type Token struct {
	Term string
	// Key numbers Term within one Analyzer: while Generation stays the same,
	// tokens have equal keys exactly when they have equal terms ("model" and
	// "models" too). Indexers use it to group a document's terms without
	// hashing strings again.
	Key uint32
	// Pos is the word position; a compound shares the position of its first
	// part, and stopwords leave a gap, so phrases match position for position.
	Pos int
	// Start and End are byte offsets of the source word in the analysed text,
	// used to highlight matches.
	Start, End int
}

// Analyzer tokenizes, filters and stems. It keeps a stem cache, so it is not
// safe for concurrent use: give each goroutine its own (they are cheap).
type Analyzer struct {
	st      *stemmer
	hot     hotCache
	keyToks []KeyToken
	segs    []segment
	arena   []byte // the current word's segments, lower-cased, back to back
	cbuf    []byte // a compound being joined
}

// segment is one run of letters or digits inside a word: arena[bs:be].
// Segments lie back to back in the arena, except that a '.' is kept between
// a number and what follows, so merging neighbours is extending a slice.
type segment struct {
	bs, be     int
	start, end int  // byte offsets in the source text
	sep        byte // separator that preceded this segment: 0, '-', '.', '\''
	digits     bool // all digits
}

// New returns an Analyzer.
func New() *Analyzer { return &Analyzer{st: newStemmer(stemCacheLimit)} }

// NewLimited returns an Analyzer whose cache holds at most words word forms
// (New's holds about a million), for indexing with bounded memory: the
// frequent words are learned again quickly after the cache is cleared.
func NewLimited(words int) *Analyzer { return &Analyzer{st: newStemmer(max(words, 1024))} }

// Generation changes whenever earlier Keys stop being valid.
func (a *Analyzer) Generation() uint32 { return a.st.gen }

// KeyToken is a Token without its term, for indexers that group terms by
// Key and look a term up (TermOf) only when they first meet its key: it is
// smaller to write and spares a memory access per token.
type KeyToken struct {
	Key        uint32
	Pos        int32
	Start, End int32
}

// Analyze appends the tokens of text to dst, positions starting at 0.
func (a *Analyzer) Analyze(dst []Token, text string) []Token {
	a.keyToks = a.AnalyzeKeys(a.keyToks[:0], text)
	for _, k := range a.keyToks {
		dst = append(dst, Token{Term: a.st.terms[k.Key], Key: k.Key, Pos: int(k.Pos), Start: int(k.Start), End: int(k.End)})
	}
	return dst
}

// TermOf returns the term of a key from this Analyzer's current generation.
func (a *Analyzer) TermOf(key uint32) string { return a.st.terms[key] }

// KeyOfTerm returns the key of a term this Analyzer has produced in its
// current generation.
func (a *Analyzer) KeyOfTerm(term string) (uint32, bool) {
	k, ok := a.st.keys[term]
	return k, ok
}

// AnalyzeKeys is Analyze without the terms (see KeyToken).
func (a *Analyzer) AnalyzeKeys(dst []KeyToken, text string) []KeyToken {
	if a.st.clearIfFull() {
		a.hot.reset()
	}
	pos := int32(0)
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
		} else if r, n := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
			i += n
			continue
		}
		afterBackslash := i > 0 && text[i-1] == '\\'
		end := a.scanWord(text, i)
		dst, pos = a.emitWord(dst, pos, afterBackslash)
		i = end
	}
	return dst
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// Terms returns the analysed terms of text in order (compounds included).
func (a *Analyzer) Terms(text string) []string {
	toks := a.Analyze(nil, text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// scanWord collects the segments of the word starting at i and returns the
// byte offset after it. Segments are joined by '-', '.', '\” or '’' when a
// letter or digit follows the joiner.
func (a *Analyzer) scanWord(text string, i int) int {
	a.segs = a.segs[:0]
	a.arena = a.arena[:0]
	var sep byte
	for {
		start := i
		if n := len(a.segs); n > 0 && sep == '.' && a.segs[n-1].digits {
			a.arena = append(a.arena, '.')
		}
		bs := len(a.arena)
		digits := true
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				switch {
				case c >= 'a' && c <= 'z':
					digits = false
				case c >= 'A' && c <= 'Z':
					c += 'a' - 'A'
					digits = false
				case c >= '0' && c <= '9':
				default:
					goto done
				}
				a.arena = append(a.arena, c)
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			if name, ok := greek[r]; ok {
				a.arena = append(a.arena, name...)
				digits = false
			} else if f, ok := latinFold[unicode.ToLower(r)]; ok {
				a.arena = append(a.arena, f...)
				digits = false
			} else {
				if !unicode.IsDigit(r) {
					digits = false
				}
				a.arena = utf8.AppendRune(a.arena, unicode.ToLower(r))
			}
			i += n
		}
	done:
		a.segs = append(a.segs, segment{bs: bs, be: len(a.arena), start: start, end: i, sep: sep, digits: digits})
		// A joiner continues the word only if a word rune follows it.
		j, s := joinerAt(text, i)
		if s == 0 || j >= len(text) {
			return i
		}
		if r, _ := utf8.DecodeRuneInString(text[j:]); !isWordRune(r) {
			return i
		}
		sep = s
		i = j
	}
}

// joinerAt reports whether a word joiner starts at i, returning the offset
// after it and its normalised byte.
func joinerAt(text string, i int) (int, byte) {
	if i >= len(text) {
		return i, 0
	}
	switch text[i] {
	case '-', '.':
		return i + 1, text[i]
	case '\'':
		return i + 1, '\''
	}
	if strings.HasPrefix(text[i:], "’") {
		return i + len("’"), '\''
	}
	return i, 0
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

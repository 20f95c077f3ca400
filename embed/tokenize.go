package embed

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTokenLen drops runs longer than this (base64 blobs, DNA strings): they are
// never useful words and would bloat the vocabulary.
const maxTokenLen = 40

// Tokenize splits text into lower-case words: maximal runs of letters and
// digits. It matches how the shipped GloVe table was built (lower-case, no
// punctuation), so corpus words and pretrained words line up.
func Tokenize(text string) []string {
	// The words are cut from one string: a string per word was most of what
	// reading a corpus for training allocated. They keep that string alive,
	// so a caller that holds a word for long clones it.
	var all []byte
	var ends []int
	eachToken(text, nil, func(w []byte) {
		all = append(all, w...)
		ends = append(ends, len(all))
	})
	if len(ends) == 0 {
		return nil
	}
	joined := string(all)
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i], start = joined[start:end], end
	}
	return out
}

// SplitSentences cuts an abstract into sentences at '.', '?' or '!' followed by
// white space and an upper-case letter or digit. It is deliberately simple:
// training only needs roughly sentence-sized spans (inverse cloze pairs), and
// a missed split merely yields a longer span.
func SplitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\n' || text[j] == '\t') {
			j++
		}
		if j == i+1 || j >= len(text) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			continue
		}
		if s := strings.TrimSpace(text[start : i+1]); s != "" {
			out = append(out, s)
		}
		start = j
		i = j - 1
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// eachToken calls fn with each token Tokenize would return, lower-cased into
// buf (returned for reuse) instead of a new string: the hot path of
// embedding. fn must not keep the slice.
func eachToken(text string, buf []byte, fn func([]byte)) []byte {
	start := -1
	emit := func(tok string) {
		if len(tok) > maxTokenLen || !utf8.ValidString(tok) {
			return
		}
		buf = appendLower(buf[:0], tok)
		fn(buf)
	}
	for i := 0; i < len(text); {
		at := i
		var word bool
		if c := text[i]; c < utf8.RuneSelf {
			word = asciiWord[c]
			i++
		} else {
			// An invalid byte decodes as utf8.RuneError, one byte wide, as
			// ranging over the string would: not a letter.
			r, size := utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
			i += size
		}
		if word && start < 0 {
			start = at
		} else if !word && start >= 0 {
			emit(text[start:at])
			start = -1
		}
	}
	if start >= 0 {
		emit(text[start:])
	}
	return buf
}

// asciiWord marks the ASCII bytes unicode.IsLetter or unicode.IsDigit holds
// for: most text is ASCII, and a table look-up is much cheaper than the two
// calls.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	}
	return t
}()

// appendLower appends strings.ToLower(s) to dst, without a new string for
// ASCII, which most words are.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

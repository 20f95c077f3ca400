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
	var out []string
	eachToken(text, nil, func(w []byte) { out = append(out, string(w)) })
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
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			emit(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		emit(text[start:])
	}
	return buf
}

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

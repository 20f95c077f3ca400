package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleMinorWords are the short words a title in Title Case leaves in lower
// case (articles, conjunctions, short prepositions).
var titleMinorWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "nor": true, "but": true,
	"of": true, "for": true, "in": true, "on": true, "at": true, "to": true, "by": true,
	"as": true, "via": true, "with": true, "from": true, "into": true, "onto": true,
	"over": true, "per": true, "vs": true, "vs.": true, "is": true, "are": true,
}

// LooksLikeTitle reports whether the free words read like a pasted paper
// title in Title Case ("Efficient Block Contrastive Learning via Meta-Node
// Approximation"): at least four words, at least three of them beyond the
// minor words, and four in five of those capitalised. Claims and sentences
// people remember are written in sentence case and short keyword queries
// have fewer words, so neither looks like one. Hybrid search leans more on
// the keyword ranking for such a query: its words are the paper's own.
func (q *Query) LooksLikeTitle() bool {
	if len(q.Words) < 4 {
		return false
	}
	major, capital := 0, 0
	for _, w := range q.Words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || titleMinorWords[strings.ToLower(w)] {
			continue
		}
		major++
		if unicode.IsUpper(r) {
			capital++
		}
	}
	return major >= 3 && capital*5 >= major*4
}

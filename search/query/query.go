// Package query parses what people type into a search box.
//
// The language: plain words; "quoted phrases"; -word and -"phrase" to
// exclude; author:NAME (or author:"First Last"); cat:cs.CL (cat:cs matches
// every cs.* category; several cat: mean any of them); year:2024,
// year:2020..2023, year:2020.. and year:..2023; after:YYYY[-MM[-DD]]
// (inclusive) and before:YYYY[-MM[-DD]] (exclusive); sort:relevance|new|top.
//
// Parse never fails: syntax a person gets wrong (an unbalanced quote, an
// empty field, a bad year, an unknown field) is read as plain text.
package query

import (
	"strings"
	"time"
)

// Limits on what one query may ask; the rest of a longer query is dropped and
// Truncated is set.
const (
	MaxBytes = 1000 // bytes of input read
	MaxTerms = 64   // words, phrase words and filters kept
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNew       = "new"
	SortTop       = "top"
)

// Query is a parsed search. The zero value matches everything.
type Query struct {
	Words      []string   // free words, scored
	Phrases    [][]string // each must occur as a phrase; scored too
	Exclude    [][]string // a word (one element) or phrase that must not occur
	Authors    []string   // each must match an author name
	Categories []string   // the paper must carry one of these (or a sub-category)
	From, To   time.Time  // listing day range: From inclusive, To exclusive
	Sort       string     // "" means relevance
	Truncated  bool       // the input was longer than MaxBytes or MaxTerms
}

// Plain is a query of free words with no syntax at all (for evaluation and
// "more like this"), cut at the same limits.
func Plain(s string) Query {
	var q Query
	s, q.Truncated = clip(s)
	for _, w := range strings.Fields(s) {
		if len(q.Words) == MaxTerms {
			q.Truncated = true
			break
		}
		q.Words = append(q.Words, w)
	}
	return q
}

// Text returns the free words and phrases as one string for scoring.
func (q *Query) Text() string {
	var b strings.Builder
	for _, w := range q.Words {
		b.WriteString(w)
		b.WriteByte(' ')
	}
	for _, p := range q.Phrases {
		b.WriteString(strings.Join(p, " "))
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

// HasTerms reports whether the query has anything to score.
func (q *Query) HasTerms() bool { return len(q.Words) > 0 || len(q.Phrases) > 0 }

// IsZero reports whether the query asks for nothing at all.
func (q *Query) IsZero() bool {
	return !q.HasTerms() && len(q.Exclude) == 0 && len(q.Authors) == 0 &&
		len(q.Categories) == 0 && q.From.IsZero() && q.To.IsZero() && q.Sort == ""
}

// clip cuts s at MaxBytes on a character boundary.
func clip(s string) (string, bool) {
	if len(s) <= MaxBytes {
		return s, false
	}
	i := MaxBytes
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i], true
}

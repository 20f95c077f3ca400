package search

import (
	"math"
	"strings"

	"github.com/paperwire/paperwire/search/analysis"
	"github.com/paperwire/paperwire/search/index"
	"github.com/paperwire/paperwire/search/postings"
	"github.com/paperwire/paperwire/search/query"
)

// plan is a query resolved against the index: postings to score, documents
// to require or exclude, and the filters to check on each candidate.
type plan struct {
	scored     []scoredTerm
	phrases    []phrase
	exclude    []uint64   // bitset of excluded documents; nil when none
	authors    [][]uint64 // per author: bitset of the documents with every word of the name among their authors
	cats       []bool     // by category ordinal; nil means any
	fromDay    int32      // inclusive, 0 = open
	toDay      int32      // exclusive, 0 = open
	impossible bool       // a required part matches nothing
	filters    bool       // any of exclude, authors, cats or the day range is set
}

type scoredTerm struct {
	p      *postings.List
	weight float32 // idf
}

// phrase is a run of terms at fixed offsets from the first.
type phrase struct {
	terms []*postings.List
	offs  []int32
}

// eachWordTerm calls fn with the term of each of q's free words, in order,
// as they are scored: a compound's parts after the compound are not repeated.
func eachWordTerm(an *analysis.Analyzer, q *query.Query, fn func(term string)) {
	var toks []analysis.Token
	for _, w := range q.Words {
		toks = an.Analyze(toks[:0], w)
		last := -1
		for _, t := range toks {
			if t.Pos <= last {
				continue // compounds: the parts already count
			}
			last = t.Pos
			fn(t.Term)
		}
	}
}

// planQuery analyses q with an and the index's vocabulary. Callers hold ix.mu.
func (ix *Index) planQuery(an *analysis.Analyzer, q *query.Query) *plan {
	pl := &plan{}
	// Each distinct query term counts once: a claim that says "cell" and
	// "cells" is not twice as much about cells (nDCG@10 on SciFact train
	// 0.7082 against 0.7044 when repeats add up).
	seen := map[string]bool{}
	var order []string
	addTerm := func(t string) {
		if !seen[t] {
			seen[t] = true
			order = append(order, t)
		}
	}
	eachWordTerm(an, q, addTerm)
	for _, words := range q.Phrases {
		ph, terms, ok := ix.phraseOf(an, words)
		for _, t := range terms {
			addTerm(t)
		}
		switch {
		case !ok:
			pl.impossible = true
		case len(ph.terms) > 0:
			pl.phrases = append(pl.phrases, ph)
		}
	}
	n := float64(max(ix.Live(), 1))
	for _, t := range order {
		p := ix.Postings(t)
		if p == nil {
			continue
		}
		df := math.Min(float64(p.N), n)
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		pl.scored = append(pl.scored, scoredTerm{p: p, weight: float32(idf)})
	}
	if q.HasTerms() && len(pl.scored) == 0 {
		pl.impossible = true
	}
	for _, words := range q.Exclude {
		ix.planExclusion(an, pl, words)
	}
	for _, a := range q.Authors {
		ix.planAuthor(an, pl, a)
	}
	if len(q.Categories) > 0 {
		pl.cats = ix.CategoryMask(q.Categories)
	}
	pl.fromDay = index.DayOf(q.From)
	pl.toDay = index.DayOf(q.To)
	pl.filters = pl.exclude != nil || len(pl.authors) > 0 || pl.cats != nil || pl.fromDay != 0 || pl.toDay != 0
	return pl
}

// phraseOf analyses a phrase. Compounds are dropped (they repeat their parts'
// positions). ok is false when some word is not in the index at all.
func (ix *Index) phraseOf(an *analysis.Analyzer, words []string) (phrase, []string, bool) {
	toks := an.Analyze(nil, strings.Join(words, " "))
	var ph phrase
	var terms []string
	last, first := -1, -1
	ok := true
	for _, t := range toks {
		terms = append(terms, t.Term)
		if t.Pos <= last {
			continue
		}
		last = t.Pos
		if first < 0 {
			first = t.Pos
		}
		p := ix.Postings(t.Term)
		if p == nil {
			ok = false
			continue
		}
		ph.terms = append(ph.terms, p)
		ph.offs = append(ph.offs, int32(t.Pos-first))
	}
	if len(ph.terms) == 1 {
		ph = phrase{} // a one-word phrase is a word
	}
	return ph, terms, ok
}

func (ix *Index) planExclusion(an *analysis.Analyzer, pl *plan, words []string) {
	if pl.exclude == nil {
		pl.exclude = make([]uint64, (ix.NumDocs()+63)/64)
	}
	if len(words) == 1 {
		for _, t := range an.Terms(words[0]) {
			if p := ix.Postings(t); p != nil {
				c := p.Cursor()
				for c.Next() {
					pl.exclude[c.Doc/64] |= 1 << (c.Doc % 64)
				}
			}
		}
		return
	}
	ph, _, ok := ix.phraseOf(an, words)
	if !ok {
		return
	}
	if len(ph.terms) == 1 {
		c := ph.terms[0].Cursor()
		for c.Next() {
			pl.exclude[c.Doc/64] |= 1 << (c.Doc % 64)
		}
		return
	}
	for _, d := range ix.phraseDocs(ph) {
		pl.exclude[d/64] |= 1 << (d % 64)
	}
}

// accepts checks document n against the plan's filters (not its phrases).
func (pl *plan) accepts(ix *Index, n uint32) bool {
	if pl.exclude != nil && int(n/64) < len(pl.exclude) && pl.exclude[n/64]&(1<<(n%64)) != 0 {
		return false
	}
	if pl.fromDay != 0 || pl.toDay != 0 {
		d := ix.Day(n)
		if d == 0 || (pl.fromDay != 0 && d < pl.fromDay) || (pl.toDay != 0 && d >= pl.toDay) {
			return false
		}
	}
	if pl.cats != nil {
		ok := false
		for _, c := range ix.Categories(n) {
			if pl.cats[c] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	for _, set := range pl.authors {
		if int(n/64) >= len(set) || set[n/64]&(1<<(n%64)) == 0 {
			return false
		}
	}
	return true
}

// planAuthor adds the documents with every word of name among their
// authors as a required set; a word no author has makes the plan impossible.
func (ix *Index) planAuthor(an *analysis.Analyzer, pl *plan, name string) {
	var set []uint64
	for _, t := range an.Terms(name) {
		p := ix.Postings(t)
		if p == nil {
			pl.impossible = true
			return
		}
		words := make([]uint64, (ix.NumDocs()+63)/64)
		c := p.Cursor()
		for c.Next() {
			if c.TF[FieldAuthors] != 0 {
				words[c.Doc/64] |= 1 << (c.Doc % 64)
			}
		}
		if set == nil {
			set = words
			continue
		}
		for i := range set {
			set[i] &= words[i]
		}
	}
	if set != nil {
		pl.authors = append(pl.authors, set)
	}
}

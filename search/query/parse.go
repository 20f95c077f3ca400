package query

import (
	"strconv"
	"strings"
	"time"
)

// Parse reads a search box query. It never fails: anything it cannot read
// as syntax is kept as plain words. See the package documentation.
func Parse(s string) Query {
	var q Query
	s, q.Truncated = clip(s)
	p := parser{s: s, q: &q}
	for p.skipSpace() {
		if p.n >= MaxTerms {
			q.Truncated = true
			break
		}
		p.item()
	}
	return q
}

type parser struct {
	s string
	i int
	n int // terms kept so far
	q *Query
}

func (p *parser) skipSpace() bool {
	for p.i < len(p.s) && isSpace(p.s[p.i]) {
		p.i++
	}
	return p.i < len(p.s)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// item reads one word, phrase, exclusion or field.
func (p *parser) item() {
	neg := false
	if p.s[p.i] == '-' {
		if p.i+1 >= len(p.s) || isSpace(p.s[p.i+1]) {
			p.i++ // a lone dash means nothing
			return
		}
		neg = true
		p.i++
	}
	if p.s[p.i] == '"' {
		words, ok := p.quoted()
		if !ok {
			return // unbalanced: the quote is dropped, what follows is plain text
		}
		p.addPhrase(words, neg)
		return
	}
	tok := p.token()
	if !neg {
		if name, val, ok := strings.Cut(tok, ":"); ok && fieldNames[strings.ToLower(name)] {
			p.field(strings.ToLower(name), tok, val)
			return
		}
	}
	p.addPhrase([]string{tok}, neg)
}

// token reads up to the next space.
func (p *parser) token() string {
	start := p.i
	for p.i < len(p.s) && !isSpace(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads a quoted string at p.i; ok is false (and only the opening
// quote is consumed) when it is not closed.
func (p *parser) quoted() ([]string, bool) {
	end := strings.IndexByte(p.s[p.i+1:], '"')
	if end < 0 {
		p.i++
		return nil, false
	}
	words := strings.Fields(p.s[p.i+1 : p.i+1+end])
	p.i += end + 2
	return words, true
}

func (p *parser) addPhrase(words []string, neg bool) {
	if len(words) == 0 {
		return
	}
	if room := MaxTerms - p.n; len(words) > room {
		words = words[:room]
		p.q.Truncated = true
	}
	p.n += len(words)
	switch {
	case neg:
		p.q.Exclude = append(p.q.Exclude, words)
	case len(words) == 1:
		p.q.Words = append(p.q.Words, words[0])
	default:
		p.q.Phrases = append(p.q.Phrases, words)
	}
}

var fieldNames = map[string]bool{
	"author": true, "cat": true, "category": true, "year": true,
	"after": true, "before": true, "sort": true,
}

// field applies name:val; tok is the whole token, kept as plain text when
// the value is empty or wrong. A quoted value may hold spaces.
func (p *parser) field(name, tok, val string) {
	if strings.HasPrefix(val, "\"") {
		// Re-read from the quote: the value runs to the closing quote.
		prefix := tok[:len(tok)-len(val)]
		p.i -= len(val)
		words, ok := p.quoted()
		if !ok || len(words) == 0 {
			p.addPhrase([]string{prefix}, false)
			return
		}
		val = strings.Join(words, " ")
		tok = prefix + "\"" + val + "\""
	}
	if !p.apply(name, val) {
		p.addPhrase([]string{tok}, false)
		return
	}
	p.n++
}

// apply sets a field on the query; false means the value is not valid.
func (p *parser) apply(name, val string) bool {
	q := p.q
	if val == "" {
		return false
	}
	switch name {
	case "author":
		q.Authors = append(q.Authors, val)
	case "cat", "category":
		q.Categories = append(q.Categories, val)
	case "sort":
		s, ok := sortNames[strings.ToLower(val)]
		if !ok {
			return false
		}
		q.Sort = s
	case "year":
		from, to, ok := yearRange(val)
		if !ok {
			return false
		}
		p.narrow(from, to)
	case "after":
		t, _, ok := parseDate(val)
		if !ok {
			return false
		}
		p.narrow(t, time.Time{})
	case "before":
		t, _, ok := parseDate(val)
		if !ok {
			return false
		}
		p.narrow(time.Time{}, t)
	}
	return true
}

// narrow intersects the query's date range with [from, to).
func (p *parser) narrow(from, to time.Time) {
	if !from.IsZero() && (p.q.From.IsZero() || from.After(p.q.From)) {
		p.q.From = from
	}
	if !to.IsZero() && (p.q.To.IsZero() || to.Before(p.q.To)) {
		p.q.To = to
	}
}

var sortNames = map[string]string{
	"relevance": SortRelevance, "best": SortRelevance,
	"new": SortNew, "newest": SortNew, "date": SortNew, "recent": SortNew,
	"top": SortTop, "upvotes": SortTop, "trending": SortTop, "popular": SortTop,
}

// yearRange reads 2024, 2020..2023, 2020.. or ..2023.
func yearRange(v string) (from, to time.Time, ok bool) {
	lo, hi, isRange := strings.Cut(v, "..")
	if !isRange {
		hi = lo
	}
	if lo == "" && hi == "" {
		return from, to, false
	}
	if lo != "" {
		y, ok := year(lo)
		if !ok {
			return from, to, false
		}
		from = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if hi != "" {
		y, ok := year(hi)
		if !ok {
			return from, to, false
		}
		to = time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return from, to, false
	}
	return from, to, true
}

func year(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2199 {
		return 0, false
	}
	return y, true
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD as the first day it names.
func parseDate(v string) (time.Time, string, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(v) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, v)
		if err != nil || t.Year() < 1900 || t.Year() > 2199 {
			return time.Time{}, "", false
		}
		return t, layout, true
	}
	return time.Time{}, "", false
}

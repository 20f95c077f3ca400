package query

import (
	"strings"
)

// String writes the query back in the query language, canonically: Parse of
// the result gives the same query.
func (q Query) String() string {
	var parts []string
	for _, w := range q.Words {
		name, _, field := strings.Cut(w, ":")
		field = field && fieldNames[strings.ToLower(name)]
		if (strings.HasPrefix(w, "-") || field) && !strings.Contains(w, "\"") {
			w = "\"" + w + "\"" // a quoted single word is a plain word
		}
		parts = append(parts, w)
	}
	for _, p := range q.Phrases {
		parts = append(parts, quote(p))
	}
	for _, e := range q.Exclude {
		if len(e) == 1 {
			parts = append(parts, "-"+e[0])
		} else {
			parts = append(parts, "-"+quote(e))
		}
	}
	for _, a := range q.Authors {
		parts = append(parts, "author:"+fieldValue(a))
	}
	for _, c := range q.Categories {
		parts = append(parts, "cat:"+fieldValue(c))
	}
	if !q.From.IsZero() {
		parts = append(parts, "after:"+q.From.Format("2006-01-02"))
	}
	if !q.To.IsZero() {
		parts = append(parts, "before:"+q.To.Format("2006-01-02"))
	}
	if q.Sort != "" {
		parts = append(parts, "sort:"+q.Sort)
	}
	return strings.Join(parts, " ")
}

func quote(words []string) string { return "\"" + strings.Join(words, " ") + "\"" }

func fieldValue(v string) string {
	if strings.ContainsAny(v, " \t\n\r\v\f") || strings.HasPrefix(v, "\"") {
		return quote(strings.Fields(v))
	}
	return v
}

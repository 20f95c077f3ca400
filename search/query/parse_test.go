package query

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"   ", Query{}},
		{"graph neural networks", Query{Words: []string{"graph", "neural", "networks"}}},
		{`"large language model" agents`, Query{Words: []string{"agents"}, Phrases: [][]string{{"large", "language", "model"}}}},
		{`"single"`, Query{Words: []string{"single"}}},
		{`""`, Query{}},
		{`diffusion -video -"text to image"`, Query{Words: []string{"diffusion"}, Exclude: [][]string{{"video"}, {"text", "to", "image"}}}},
		{"a - b", Query{Words: []string{"a", "b"}}},
		{"author:hinton", Query{Authors: []string{"hinton"}}},
		{`author:"Geoffrey  Hinton" capsules`, Query{Words: []string{"capsules"}, Authors: []string{"Geoffrey Hinton"}}},
		{"AUTHOR:LeCun", Query{Authors: []string{"LeCun"}}},
		{"cat:cs.CL cat:cs.LG", Query{Categories: []string{"cs.CL", "cs.LG"}}},
		{"category:math", Query{Categories: []string{"math"}}},
		{"year:2024", Query{From: day(2024, 1, 1), To: day(2025, 1, 1)}},
		{"year:2020..2023", Query{From: day(2020, 1, 1), To: day(2024, 1, 1)}},
		{"year:2020..", Query{From: day(2020, 1, 1)}},
		{"year:..2023", Query{To: day(2024, 1, 1)}},
		{"after:2025-03-18 before:2025-04", Query{From: day(2025, 3, 18), To: day(2025, 4, 1)}},
		{"year:2025 after:2025-06-01", Query{From: day(2025, 6, 1), To: day(2026, 1, 1)}},
		{"sort:new", Query{Sort: SortNew}},
		{"sort:upvotes x", Query{Words: []string{"x"}, Sort: SortTop}},
		{"sort:relevance", Query{Sort: SortRelevance}},
		// Mistakes degrade to plain text.
		{`"unbalanced quote`, Query{Words: []string{"unbalanced", "quote"}}},
		{`foo "bar`, Query{Words: []string{"foo", "bar"}}},
		{"author:", Query{Words: []string{"author:"}}},
		{`author:"`, Query{Words: []string{"author:"}}},
		{`author:"Hinton`, Query{Words: []string{"author:", "Hinton"}}},
		{`cat:""`, Query{Words: []string{"cat:"}}},
		{"year:20x4", Query{Words: []string{"year:20x4"}}},
		{"year:2023..2020", Query{Words: []string{"year:2023..2020"}}},
		{"year:1066", Query{Words: []string{"year:1066"}}},
		{"year:..", Query{Words: []string{"year:.."}}},
		{"after:yesterday", Query{Words: []string{"after:yesterday"}}},
		{"before:2024-13-01", Query{Words: []string{"before:2024-13-01"}}},
		{"sort:random", Query{Words: []string{"sort:random"}}},
		{"http://x.org title:foo", Query{Words: []string{"http://x.org", "title:foo"}}},
		{"-author:x", Query{Exclude: [][]string{{"author:x"}}}},
		{"--x", Query{Exclude: [][]string{{"-x"}}}},
	}
	for _, tt := range tests {
		got := Parse(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) =\n %#v\nwant\n %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("word ", 100)
	q := Parse(long)
	if len(q.Words) != MaxTerms || !q.Truncated {
		t.Errorf("100 words: kept %d, truncated %v; want %d, true", len(q.Words), q.Truncated, MaxTerms)
	}
	q = Parse(`"` + strings.Repeat("w ", 80) + `"`)
	if len(q.Phrases) != 1 || len(q.Phrases[0]) != MaxTerms || !q.Truncated {
		t.Errorf("80-word phrase: %d phrases, truncated %v", len(q.Phrases), q.Truncated)
	}
	q = Parse(strings.Repeat("é", 600)) // 1,200 bytes of two-byte runes
	if !q.Truncated || len(q.Words) != 1 || len(q.Words[0]) != MaxBytes {
		t.Errorf("long word: truncated %v, len %d", q.Truncated, len(q.Words[0]))
	}
	if q := Plain(strings.Repeat("x ", 70)); len(q.Words) != MaxTerms || !q.Truncated {
		t.Errorf("Plain kept %d words", len(q.Words))
	}
}

func TestStringRoundTrip(t *testing.T) {
	for _, in := range []string{
		`a "b c" -d -"e f" author:"G H" cat:cs.CL year:2024 sort:top`,
		`author: "x`, `--x`, `cat:""`, `after:2025`,
	} {
		q := Parse(in)
		if again := Parse(q.String()); !reflect.DeepEqual(q, again) {
			t.Errorf("Parse(%q).String() = %q parses to %#v, want %#v", in, q.String(), again, q)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`graph "neural network" -survey author:"Yann LeCun" cat:cs.LG year:2020..2023 sort:new`,
		"Efficient Block Contrastive Learning via Meta-Node Approximation", `"unbalanced`, `author:`, `year:x`, `after:2024-02-30`, `-"`, `a:b:c`, `""""`, "\xff\"\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if q.LooksLikeTitle() && len(q.Words) < 4 {
			t.Errorf("%q looks like a title with %d words", s, len(q.Words))
		}
		terms := len(q.Words) + len(q.Authors) + len(q.Categories)
		for _, p := range q.Phrases {
			terms += len(p)
		}
		for _, e := range q.Exclude {
			terms += len(e)
			if len(e) == 0 {
				t.Fatal("empty exclusion")
			}
		}
		if terms > MaxTerms+3 { // date and sort fields count once each
			t.Fatalf("%d terms kept", terms)
		}
		for _, w := range q.Words {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("bad word %q", w)
			}
		}
		if !q.Truncated {
			out := q.String()
			if len(out) <= MaxBytes {
				if again := Parse(out); !reflect.DeepEqual(q, again) {
					t.Fatalf("round trip of %q via %q:\n%#v\n%#v", s, out, q, again)
				}
			}
		}
	})
}

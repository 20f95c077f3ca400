package main

import (
	"hash/fnv"
	"sort"
	"strings"
)

// reader is one simulated reader: what they liked before the cutoff and
// what of the hidden month they would want.
type reader struct {
	kind   string // "author" or "cluster"
	name   string
	likes  []*paper
	wanted map[string]bool
}

// authorReaders are authors with at least 3 papers before the cutoff and
// 2 after (but not so many after that the name is likely several people):
// their earlier papers are the likes, their later ones the wanted.
func authorReaders(c *corpus, n, maxLikes int) []reader {
	before, after := map[string][]*paper{}, map[string][]*paper{}
	for _, p := range c.history {
		for _, a := range p.Authors {
			before[a] = append(before[a], p)
		}
	}
	for _, p := range c.cands {
		for _, a := range p.Authors {
			after[a] = append(after[a], p)
		}
	}
	var names []string
	for a, ps := range after {
		if len(ps) >= 2 && len(ps) <= 15 && len(before[a]) >= 3 {
			names = append(names, a)
		}
	}
	return pick("author", names, n, maxLikes, before, after)
}

// clusterReaders are clusters of papers that share one exact set of two or
// more categories (cs.CV with eess.IV, say): a reader of a niche across
// fields.
func clusterReaders(c *corpus, n, maxLikes int) []reader {
	key := func(p *paper) string {
		if len(p.Categories) < 2 {
			return ""
		}
		cs := append([]string(nil), p.Categories...)
		sort.Strings(cs)
		return strings.Join(cs, " ")
	}
	before, after := map[string][]*paper{}, map[string][]*paper{}
	for _, p := range c.history {
		if k := key(p); k != "" {
			before[k] = append(before[k], p)
		}
	}
	for _, p := range c.cands {
		if k := key(p); k != "" {
			after[k] = append(after[k], p)
		}
	}
	var names []string
	for k, ps := range after {
		if len(ps) >= 3 && len(ps) <= 100 && len(before[k]) >= 5 {
			names = append(names, k)
		}
	}
	return pick("cluster", names, n, maxLikes, before, after)
}

// pick takes n of names in an order fixed by their hash (a repeatable
// sample), each with its latest maxLikes earlier papers as likes.
func pick(kind string, names []string, n, maxLikes int, before, after map[string][]*paper) []reader {
	h := func(s string) uint64 { f := fnv.New64a(); f.Write([]byte(s)); return f.Sum64() }
	sort.Slice(names, func(i, j int) bool { return h(names[i]) < h(names[j]) })
	var out []reader
	for _, name := range names[:min(n, len(names))] {
		likes := before[name]
		if len(likes) > maxLikes {
			likes = likes[len(likes)-maxLikes:] // history is in day order
		}
		r := reader{kind: kind, name: name, likes: likes, wanted: map[string]bool{}}
		for _, p := range after[name] {
			r.wanted[p.ID] = true
		}
		out = append(out, r)
	}
	return out
}

package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/foryou"
)

// paper is one crawled paper on the first day it was listed.
type paper struct {
	foryou.Paper
	Authors []string
	Day     time.Time
}

// loadDaily reads the crawl files of [from, to) in date order, each paper
// once, on the first day it was seen.
func loadDaily(dir string, from, to time.Time) ([]*paper, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	seen := map[string]bool{}
	var out []*paper
	for _, f := range files {
		day, err := time.Parse("2006-01-02", strings.TrimSuffix(filepath.Base(f), ".jsonl.gz"))
		if err != nil || day.Before(from) || !day.Before(to) {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			fh.Close()
			return nil, err
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var r struct {
				ID         string   `json:"id"`
				Title      string   `json:"title"`
				Summary    string   `json:"summary"`
				Authors    []string `json:"authors"`
				Categories []string `json:"categories"`
			}
			if json.Unmarshal(sc.Bytes(), &r) != nil || r.ID == "" || seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			out = append(out, &paper{Paper: foryou.Paper{ID: r.ID, Title: r.Title, Abstract: r.Summary, Categories: r.Categories},
				Authors: r.Authors, Day: day})
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// embedAll sets every paper's vector, as the site's vector index holds them.
func embedAll(ctx context.Context, m embed.Embedder, ps []*paper) error {
	const batch = 256
	for i := 0; i < len(ps); i += batch {
		end := min(i+batch, len(ps))
		texts := make([]string, 0, end-i)
		for _, p := range ps[i:end] {
			texts = append(texts, p.Title+"\n"+p.Abstract)
		}
		vs, err := m.Embed(ctx, texts)
		if err != nil {
			return err
		}
		for j, v := range vs {
			ps[i+j].Vec = v
		}
	}
	return nil
}

// corpus splits the papers at the cutoff: before it, history; after it,
// the month every ranker orders.
type corpus struct {
	all     []*paper
	byID    map[string]*paper
	history []*paper
	cands   []*paper
}

func newCorpus(ps []*paper, cutoff time.Time) *corpus {
	c := &corpus{all: ps, byID: map[string]*paper{}}
	for _, p := range ps {
		c.byID[p.ID] = p
		if p.Day.Before(cutoff) {
			c.history = append(c.history, p)
		} else {
			c.cands = append(c.cands, p)
		}
	}
	return c
}

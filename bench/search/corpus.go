package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paperwire/paperwire/search"
)

// loadDaily reads the daily crawl files in date order and returns each
// paper once, listed on the first day it was seen.
func loadDaily(dir string) ([]search.Document, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	seen := map[string]bool{}
	var docs []search.Document
	for _, f := range files {
		day, err := time.Parse("2006-01-02", strings.TrimSuffix(filepath.Base(f), ".jsonl.gz"))
		if err != nil {
			continue
		}
		if err := readGz(f, func(line []byte) {
			var r struct {
				ID         string   `json:"id"`
				Title      string   `json:"title"`
				Summary    string   `json:"summary"`
				Authors    []string `json:"authors"`
				Categories []string `json:"categories"`
			}
			if json.Unmarshal(line, &r) != nil || r.ID == "" || seen[r.ID] {
				return
			}
			seen[r.ID] = true
			docs = append(docs, search.Document{ID: r.ID, Title: r.Title, Abstract: r.Summary,
				Authors: r.Authors, Categories: r.Categories, Date: day})
		}); err != nil {
			return nil, err
		}
	}
	return docs, nil
}

func readGz(path string, fn func([]byte)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		fn(sc.Bytes())
	}
	return sc.Err()
}

// synth generates the i-th of a larger corpus from the real papers: the
// base paper's title with a third of its words taken from another title, its
// abstract with half the sentences taken from other abstracts, and one
// extra author. Deterministic in i, so every engine sees the same papers.
func synth(real []search.Document, i int) search.Document {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	base := real[i%len(real)]
	other := real[r.IntN(len(real))]
	tw := strings.Fields(base.Title)
	ow := strings.Fields(other.Title)
	for j := range tw {
		if len(ow) > 0 && r.IntN(3) == 0 {
			tw[j] = ow[r.IntN(len(ow))]
		}
	}
	sents := strings.SplitAfter(base.Abstract, ". ")
	for j := range sents {
		if r.IntN(2) == 0 {
			os := strings.SplitAfter(real[r.IntN(len(real))].Abstract, ". ")
			sents[j] = os[r.IntN(len(os))]
		}
	}
	authors := append(append([]string(nil), base.Authors...), other.Authors[:min(1, len(other.Authors))]...)
	return search.Document{
		ID:    fmt.Sprintf("%02d%02d.%05d", 30+i/99999/12, 1+i/99999%12, i%99999+1),
		Title: strings.Join(tw, " "), Abstract: strings.Join(sents, ""),
		Authors: authors, Categories: base.Categories,
		Date: base.Date.AddDate(0, 0, -r.IntN(3650)),
	}
}

// makeQueries draws 1–3 consecutive content words from random titles.
func makeQueries(docs []search.Document, n int) []string {
	r := rand.New(rand.NewPCG(7, 7))
	var qs []string
	for len(qs) < n {
		var words []string
		for _, w := range strings.Fields(docs[r.IntN(len(docs))].Title) {
			w = strings.Trim(w, ".,:;()[]{}\"'?!$\\")
			if len(w) >= 3 && isAlpha(w) && !stop[strings.ToLower(w)] {
				words = append(words, strings.ToLower(w))
			}
		}
		if len(words) == 0 {
			continue
		}
		k := 1 + r.IntN(3)
		start := r.IntN(len(words))
		end := min(len(words), start+k)
		qs = append(qs, strings.Join(words[start:end], " "))
	}
	return qs
}

var stop = map[string]bool{"the": true, "and": true, "for": true, "with": true, "from": true, "via": true, "into": true, "its": true, "are": true, "can": true, "not": true, "our": true, "how": true, "what": true, "when": true}

func isAlpha(w string) bool {
	for _, c := range w {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

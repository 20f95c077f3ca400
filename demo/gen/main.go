// Command gen builds the demo corpus from the daily listing crawl: the last
// -days days of files, each paper listed on the first day it appears in the
// whole crawl (a later re-listing is a cross-list or re-crawl, not news), and
// only papers whose first day falls inside the window.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/paperwire/paperwire/demo"
)

type crawlRecord struct {
	ID         string   `json:"id"`
	Categories []string `json:"categories"`
	Authors    []string `json:"authors"`
	Title      string   `json:"title"`
	Comment    *string  `json:"comment"`
	Summary    string   `json:"summary"`
}

func main() {
	src := flag.String("src", "../../shared/data/arxiv-daily", "directory of YYYY-MM-DD.jsonl.gz crawl files")
	days := flag.Int("days", 30, "how many days, counted back from the newest file")
	out := flag.String("out", "papers.jsonl.gz", "output file")
	flag.Parse()

	files, err := filepath.Glob(filepath.Join(*src, "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no crawl files in %s: %v", *src, err)
	}
	sort.Strings(files)
	last, err := time.Parse("2006-01-02", strings.TrimSuffix(filepath.Base(files[len(files)-1]), ".jsonl.gz"))
	if err != nil {
		log.Fatal(err)
	}
	cutoff := last.AddDate(0, 0, -*days+1).Format("2006-01-02")

	seen := map[string]bool{}
	var recs []demo.Record
	for _, f := range files {
		day := strings.TrimSuffix(filepath.Base(f), ".jsonl.gz")
		if err := readFile(f, func(r crawlRecord) {
			if seen[r.ID] {
				return
			}
			seen[r.ID] = true
			if day < cutoff || r.ID == "" || strings.TrimSpace(r.Title) == "" {
				return
			}
			comment := ""
			if r.Comment != nil {
				comment = clean(*r.Comment)
			}
			recs = append(recs, demo.Record{ID: r.ID, Title: clean(r.Title), Abstract: strings.TrimSpace(r.Summary),
				Authors: r.Authors, Categories: r.Categories, Comment: comment, ListedOn: day})
		}); err != nil {
			log.Fatalf("%s: %v", f, err)
		}
	}

	fh, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(fh, gzip.BestCompression)
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %d papers listed %s..%s to %s\n", len(recs), cutoff, last.Format("2006-01-02"), *out)
}

func readFile(path string, fn func(crawlRecord)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r crawlRecord
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			fn(r)
		}
	}
	return sc.Err()
}

// clean collapses runs of white space (titles in the crawl keep line breaks).
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// Command gensnapshot writes a large file in the arXiv metadata snapshot
// format (the Kaggle arxiv-metadata-oai-snapshot JSON lines) from the real
// papers of the daily crawl files, for import benchmarks at snapshot scale.
// Paper i is crawl paper i mod n with a new, valid, unique id (one per month
// from 2015 on, sequence numbers 00001–99999) and one to three versions dated
// in that month; titles, abstracts, authors and categories are the real ones.
//
//	go run ./bench/ingest/gensnapshot -n 1000000 -o /tmp/snapshot-1m.jsonl ../shared/data/arxiv-daily/*.jsonl.gz
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"
)

type crawlPaper struct {
	ID         string   `json:"id"`
	Categories []string `json:"categories"`
	Authors    []string `json:"authors"`
	Title      string   `json:"title"`
	Comment    *string  `json:"comment"`
	Summary    string   `json:"summary"`
}

type version struct {
	Version string `json:"version"`
	Created string `json:"created"`
}

// snapshotLine has the snapshot's keys in the snapshot's order.
type snapshotLine struct {
	ID            string     `json:"id"`
	Submitter     string     `json:"submitter"`
	Authors       string     `json:"authors"`
	Title         string     `json:"title"`
	Comments      *string    `json:"comments"`
	JournalRef    *string    `json:"journal-ref"`
	DOI           *string    `json:"doi"`
	ReportNo      *string    `json:"report-no"`
	Categories    string     `json:"categories"`
	License       *string    `json:"license"`
	Abstract      string     `json:"abstract"`
	Versions      []version  `json:"versions"`
	UpdateDate    string     `json:"update_date"`
	AuthorsParsed [][]string `json:"authors_parsed"`
}

func main() {
	n := flag.Int("n", 1_000_000, "number of papers to write")
	out := flag.String("o", "snapshot.jsonl", "output `file` (plain JSON lines, like the real snapshot)")
	flag.Parse()
	papers, err := readCrawl(flag.Args())
	if err != nil {
		log.Fatal(err)
	}
	if len(papers) == 0 {
		log.Fatal("usage: gensnapshot [-n N] [-o FILE] CRAWL.jsonl.gz...")
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	license := "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"
	for i := range *n {
		p := papers[i%len(papers)]
		month := time.Date(2015, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, i/99999, 0)
		id := fmt.Sprintf("%s.%05d", month.Format("0601"), i%99999+1)
		var vs []version
		for v := range 1 + i%3 {
			created := month.Add(time.Duration(v*7*24+i%20) * time.Hour).Add(time.Duration(i%3600) * time.Second)
			vs = append(vs, version{Version: fmt.Sprintf("v%d", v+1), Created: created.Format("Mon, 2 Jan 2006 15:04:05 GMT")})
		}
		line := snapshotLine{
			ID: id, Submitter: first(p.Authors), Authors: joinAuthors(p.Authors), Title: p.Title,
			Comments: p.Comment, Categories: strings.Join(p.Categories, " "), License: &license,
			Abstract: "  " + p.Summary + "\n", Versions: vs,
			UpdateDate: month.AddDate(0, 0, 20).Format("2006-01-02"), AuthorsParsed: parseNames(p.Authors),
		}
		if err := enc.Encode(&line); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// readCrawl reads the unique papers of the crawl files, first occurrence kept.
func readCrawl(files []string) ([]crawlPaper, error) {
	seen := map[string]bool{}
	var out []crawlPaper
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 4<<20)
		for sc.Scan() {
			var p crawlPaper
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil || seen[p.ID] {
				continue
			}
			seen[p.ID] = true
			out = append(out, p)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

// joinAuthors writes names the way the snapshot's authors field does: "A, B and C".
func joinAuthors(names []string) string {
	if len(names) < 2 {
		return first(names)
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// parseNames splits "First Middle Last" into the snapshot's [last, first, suffix].
func parseNames(names []string) [][]string {
	out := make([][]string, 0, len(names))
	for _, n := range names {
		n = strings.TrimSpace(n)
		i := strings.LastIndexByte(n, ' ')
		if i < 0 {
			out = append(out, []string{n, "", ""})
			continue
		}
		out = append(out, []string{n[i+1:], n[:i], ""})
	}
	return out
}

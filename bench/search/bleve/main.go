// Command bleve measures bleve v2 (BM25 scoring, English analyzer) on the
// daily crawl with the queries the main search benchmark writes, for the
// lexical index decision. It is its own module so the product does not
// depend on bleve.
//
//	go run . -data ../../../../shared/data/arxiv-daily -queries /tmp/queries.txt
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
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

type paper struct {
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
	Authors  string `json:"authors"`
}

func main() {
	data := flag.String("data", "", "directory of daily crawl files")
	qfile := flag.String("queries", "", "file of queries, one a line")
	n := flag.Int("n", 0, "papers to index (0 = all)")
	flag.Parse()
	docs := load(*data, *n)
	qb, err := os.ReadFile(*qfile)
	if err != nil {
		log.Fatal(err)
	}
	queries := strings.Split(strings.TrimSpace(string(qb)), "\n")

	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	dm := mapping.NewDocumentMapping()
	for _, f := range []string{"title", "abstract", "authors"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store = f == "title"
		fm.IncludeTermVectors = f != "authors" // for highlighting
		dm.AddFieldMappingsAt(f, fm)
	}
	m.DefaultMapping = dm
	dir, err := os.MkdirTemp("", "bleve-bench-*")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ix, err := bleve.New(filepath.Join(dir, "ix"), m)
	if err != nil {
		log.Fatal(err)
	}
	start, cpu0 := time.Now(), cpu()
	for i := 0; i < len(docs); i += 1000 {
		b := ix.NewBatch()
		for j := i; j < min(len(docs), i+1000); j++ {
			b.Index(fmt.Sprint(j), docs[j])
		}
		if err := ix.Batch(b); err != nil {
			log.Fatal(err)
		}
	}
	wall, c := time.Since(start).Seconds(), cpu()-cpu0
	fmt.Printf("bleve v2.6.3 bm25: %d papers, build %.1fs wall, %.1fs CPU (%.0f docs per CPU-second)\n", len(docs), wall, c, float64(len(docs))/c)
	var lat []float64
	for _, q := range queries {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 10, 0, false)
		t0 := time.Now()
		if _, err := ix.Search(req); err != nil {
			log.Fatal(err)
		}
		lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	sort.Float64s(lat)
	fmt.Printf("bleve v2.6.3 bm25: OR queries p50 %.2f ms, p99 %.2f ms\n", lat[len(lat)/2], lat[len(lat)*99/100])
}

func load(dir string, limit int) []paper {
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	sort.Strings(files)
	seen := map[string]bool{}
	var out []paper
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			log.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			log.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var r struct {
				ID, Title, Summary string
				Authors            []string
			}
			if json.Unmarshal(sc.Bytes(), &r) != nil || seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			out = append(out, paper{r.Title, r.Summary, strings.Join(r.Authors, ", ")})
		}
		fh.Close()
		if limit > 0 && len(out) >= limit {
			return out[:limit]
		}
	}
	return out
}

func cpu() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

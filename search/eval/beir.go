// Package eval measures retrieval quality on BEIR-layout test collections:
// it loads a corpus, queries and judgments, ingests the corpus through the
// same write path and index sync an import uses, runs every judged query and
// reports nDCG@10, Recall@100, MRR@10 and latency. It never learns from the
// queries or the judgments.
package eval

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Doc is one corpus entry.
type Doc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Query is one test query.
type Query struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// Dataset is a BEIR collection with the judgments of one split. Queries holds
// only the queries that split judges, in file order.
type Dataset struct {
	Name    string
	Docs    []Doc
	Queries []Query
	Qrels   map[string]map[string]int // query id → doc id → relevance
}

// Load reads DIR/corpus.jsonl[.gz], DIR/queries.jsonl and DIR/qrels/SPLIT.tsv.
func Load(dir, split string) (*Dataset, error) {
	ds := &Dataset{Name: filepath.Base(filepath.Clean(dir)), Qrels: map[string]map[string]int{}}
	if err := ds.loadQrels(filepath.Join(dir, "qrels", split+".tsv")); err != nil {
		return nil, err
	}
	corpus := filepath.Join(dir, "corpus.jsonl")
	if _, err := os.Stat(corpus); err != nil {
		corpus += ".gz"
	}
	if err := readJSONL(corpus, func(line []byte) error {
		var d Doc
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		ds.Docs = append(ds.Docs, d)
		return nil
	}); err != nil {
		return nil, err
	}
	err := readJSONL(filepath.Join(dir, "queries.jsonl"), func(line []byte) error {
		var q Query
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		if _, judged := ds.Qrels[q.ID]; judged {
			ds.Queries = append(ds.Queries, q)
		}
		return nil
	})
	return ds, err
}

func (ds *Dataset) loadQrels(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("qrels: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(cols) < 3 || (n == 1 && cols[0] == "query-id") {
			continue
		}
		rel, err := strconv.Atoi(cols[2])
		if err != nil {
			return fmt.Errorf("%s line %d: bad score %q", path, n, cols[2])
		}
		if ds.Qrels[cols[0]] == nil {
			ds.Qrels[cols[0]] = map[string]int{}
		}
		ds.Qrels[cols[0]][cols[1]] = rel
	}
	return sc.Err()
}

// readJSONL calls fn for each non-empty line of a .jsonl or .jsonl.gz file.
func readJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s line %d: %w", path, n, err)
		}
	}
	return sc.Err()
}

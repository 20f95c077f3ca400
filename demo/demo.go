// Package demo holds the bundled demo corpus: about a month of real arXiv
// listings (CC0 metadata) compressed into the binary, so `paperwire serve`
// shows a working site on a fresh clone with nothing downloaded.
//
// papers.jsonl.gz is produced by gen/ from the daily listing crawl; see
// `go generate ./demo`.
package demo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

//go:generate go run ./gen -src ../../shared/data/arxiv-daily -days 30 -out papers.jsonl.gz

//go:embed papers.jsonl.gz
var corpus []byte

// Record is one line of the demo corpus.
type Record struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Abstract   string   `json:"abstract"`
	Authors    []string `json:"authors"`
	Categories []string `json:"categories"`
	Comment    string   `json:"comment,omitempty"`
	ListedOn   string   `json:"listed_on"`
}

// Paper converts a record to the domain type.
func (r *Record) Paper() (*paperwire.Paper, error) {
	id, _, err := paperwire.ParseArxivID(r.ID)
	if err != nil {
		return nil, err
	}
	listed, err := time.Parse("2006-01-02", r.ListedOn)
	if err != nil {
		return nil, fmt.Errorf("paper %s: listing day %q: %w", r.ID, r.ListedOn, err)
	}
	return &paperwire.Paper{ID: id, Title: r.Title, Abstract: r.Abstract, Authors: r.Authors,
		Categories: r.Categories, Comment: r.Comment, ListedOn: listed}, nil
}

// Papers decodes the whole bundled corpus.
func Papers() ([]*paperwire.Paper, error) {
	zr, err := gzip.NewReader(bytes.NewReader(corpus))
	if err != nil {
		return nil, fmt.Errorf("demo corpus: %w", err)
	}
	var out []*paperwire.Paper
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("demo corpus line %d: %w", len(out)+1, err)
		}
		p, err := r.Paper()
		if err != nil {
			return nil, fmt.Errorf("demo corpus line %d: %w", len(out)+1, err)
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

// Load writes the demo corpus into w in batches. It is meant for an empty
// database; the caller checks that (serve never touches a non-empty one).
func Load(ctx context.Context, w paperwire.PaperWriter) (paperwire.UpsertResult, error) {
	var total paperwire.UpsertResult
	papers, err := Papers()
	if err != nil {
		return total, err
	}
	const batch = 1000
	for i := 0; i < len(papers); i += batch {
		res, err := w.UpsertPapers(ctx, papers[i:min(i+batch, len(papers))])
		if err != nil {
			return total, fmt.Errorf("load demo corpus: %w", err)
		}
		total.Add(res)
	}
	return total, nil
}

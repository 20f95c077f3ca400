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
	"strconv"
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

// Checkpoint keys of a demo load. Each batch is written with UpsertPapersAt
// together with ProgressKey (the number of corpus papers written so far, in
// corpus order), so the first batch's transaction also records that a demo
// load started: a database holding ProgressKey is one the demo was being
// loaded into, and only such a database (or an empty one) gets the rest of
// it. The last batch also writes LoadedKey (the corpus size): a database
// with LoadedKey holds the whole corpus and is never loaded into again.
const (
	ProgressKey = "demo:at"
	LoadedKey   = "demo:loaded"
)

// BatchSize is how many papers Load writes per transaction.
const BatchSize = 1000

// Load writes the demo corpus into w in batches. It is meant for an empty
// database; the caller checks that (serve never touches a non-empty one).
func Load(ctx context.Context, w paperwire.PaperWriter) (paperwire.UpsertResult, error) {
	papers, err := Papers()
	if err != nil {
		return paperwire.UpsertResult{}, err
	}
	return LoadFrom(ctx, w, papers, 0)
}

// LoadFrom writes papers[from:] (papers being the corpus, as Papers returns
// it) into w in batches of BatchSize, each in one transaction with its
// ProgressKey checkpoint, and the last one also with LoadedKey. A load
// killed at any point resumes with LoadFrom(…, n) where n is the stored
// ProgressKey. Writing papers again is harmless: the store merges them.
func LoadFrom(ctx context.Context, w paperwire.PaperWriter, papers []*paperwire.Paper, from int) (paperwire.UpsertResult, error) {
	var total paperwire.UpsertResult
	if from < 0 || from > len(papers) {
		return total, fmt.Errorf("load demo corpus: resume point %d outside the corpus of %d papers", from, len(papers))
	}
	// The loop runs at least once, so a load resumed after its last paper
	// (from == len(papers)) still writes LoadedKey.
	for i := from; ; i += BatchSize {
		end := min(i+BatchSize, len(papers))
		cps := []paperwire.Checkpoint{{Key: ProgressKey, Value: strconv.Itoa(end)}}
		if end == len(papers) {
			cps = append(cps, paperwire.Checkpoint{Key: LoadedKey, Value: strconv.Itoa(len(papers))})
		}
		res, err := w.UpsertPapersAt(ctx, papers[i:end], cps...)
		if err != nil {
			return total, fmt.Errorf("load demo corpus: %w", err)
		}
		total.Add(res)
		if end == len(papers) {
			return total, nil
		}
	}
}

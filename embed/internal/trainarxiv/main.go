// Command trainarxiv trains the embedding model shipped with the bundled demo
// corpus: the papers of the most recent daily arXiv crawl files (each paper
// once, on the first day it appears), with the shipped GloVe start vectors.
// Training is deterministic, so the same files give the same model:
//
//	go run ./embed/internal/trainarxiv -dir ../shared/data/arxiv-daily -days 30 \
//	    -out embed/demo/arxiv-demo.pwem
package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/embed"
)

var dimFlag, minDFFlag *int

func main() {
	dir := flag.String("dir", "", "directory of YYYY-MM-DD.jsonl.gz crawl files (default: the bundled demo corpus)")
	days := flag.Int("days", 30, "use the most recent N files")
	out := flag.String("out", "arxiv-demo.pwem", "model file to write")
	dimFlag = flag.Int("dim", 300, "vector size")
	minDFFlag = flag.Int("mindf", 2, "keep words in at least this many papers")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(context.Background(), *dir, *days, *out, logger); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dir string, days int, out string, logger *slog.Logger) error {
	var docs []embed.Doc
	if dir == "" {
		papers, err := demo.Papers()
		if err != nil {
			return err
		}
		for _, p := range papers {
			docs = append(docs, embed.Doc{Title: p.Title, Text: p.Abstract})
		}
		logger.Info("read demo corpus", "papers", len(docs))
	} else {
		files, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
		if err != nil {
			return err
		}
		sort.Strings(files)
		if len(files) > days {
			files = files[len(files)-days:]
		}
		seen := map[string]bool{}
		for _, f := range files {
			n, err := readDay(f, seen, &docs)
			if err != nil {
				return err
			}
			logger.Debug("read crawl file", "file", filepath.Base(f), "new_papers", n)
		}
		logger.Info("read crawl files", "files", len(files), "papers", len(docs))
	}
	init, err := embed.Pretrained()
	if err != nil {
		return err
	}
	opts := embed.DefaultTrainOptions()
	opts.Init, opts.Logger = init, logger
	opts.Dim = *dimFlag
	opts.MinDF = *minDFFlag
	start := time.Now()
	m, err := embed.Train(ctx, docs, opts)
	if err != nil {
		return err
	}
	if err := m.Save(out); err != nil {
		return err
	}
	st, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %s, %d papers, %d words × %d, %.1f MB, trained in %s\n", out, m.Name(), len(docs), m.VocabSize(), m.Dim(),
		float64(st.Size())/1e6, time.Since(start).Round(time.Second))
	return nil
}

// readDay appends the papers of one crawl file not seen on an earlier day.
func readDay(path string, seen map[string]bool, docs *[]embed.Doc) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var p struct{ ID, Title, Summary string }
		if json.Unmarshal(sc.Bytes(), &p) != nil || p.ID == "" || seen[p.ID] {
			continue // a malformed line is skipped: the model does not need every paper
		}
		seen[p.ID] = true
		*docs = append(*docs, embed.Doc{Title: p.Title, Text: p.Summary})
		n++
	}
	return n, sc.Err()
}

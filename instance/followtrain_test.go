package instance

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/vector"
)

// demoCrawl writes papers [from, to) of the demo corpus as a daily crawl
// file of day, each title passed through retitle.
func demoCrawl(t *testing.T, day string, from, to int, retitle func(string) string) (path string, ids []string) {
	t.Helper()
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, p := range papers[from:to] {
		ids = append(ids, p.ID)
		line, _ := json.Marshal(map[string]any{
			"id": p.ID, "abs": "https://arxiv.org/abs/" + p.ID, "pdf": "https://arxiv.org/pdf/" + p.ID,
			"title": retitle(p.Title), "summary": p.Abstract, "authors": p.Authors, "categories": p.Categories, "comment": nil,
		})
		out.Write(append(line, '\n'))
	}
	path = filepath.Join(t.TempDir(), day+".jsonl")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, ids
}

// TestFirstImportTrainsOnTheCorpusReadBesideIt: a first import reads the
// training corpus beside its writes, papers updated by a later file
// included, and the model trained on it is the one reading the database
// afterwards trains. --no-train (MayTrain false) reads nothing.
func TestFirstImportTrainsOnTheCorpusReadBesideIt(t *testing.T) {
	same := func(s string) string { return s }
	first, _ := demoCrawl(t, "2026-06-01", 0, 300, same)
	// Some of the same papers a day later, retitled: the import updates
	// them, and the feed brings them a second time.
	again, retitled := demoCrawl(t, "2026-06-02", 100, 140, func(s string) string { return "Revised: " + s })
	opts := embed.TrainOptions{Epochs: 1, BatchSize: 64, Seed: 5, Workers: 2}
	data := t.TempDir()
	var followed, read string
	log := importWith(t, data, ImportOptions{Indexing: IndexKeywordBeside, MayTrain: true}, func(in *Instance, imp *ImportRun) {
		if imp.corpus == nil {
			t.Fatal("a first import did not read the training corpus beside its writes")
		}
		ctx := context.Background()
		if err := in.RetrainAfterImport(ctx, opts, imp, 340); err != nil {
			t.Fatal(err)
		}
		m, err := embed.LoadModel(embed.ModelFile(data))
		if err != nil {
			t.Fatal(err)
		}
		followed = m.Name()
		// The vectors come from the followed corpus's word ids, and are the
		// file reading and embedding the papers again writes.
		if err := in.WriteIndexFiles(ctx); err != nil {
			t.Fatal(err)
		}
		fromCorpus, err := os.ReadFile(vectorsFile(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(vectorsFile(data)); err != nil {
			t.Fatal(err)
		}
		if err := in.WriteIndexFiles(ctx); err != nil {
			t.Fatal(err)
		}
		fromFeed, err := os.ReadFile(vectorsFile(data))
		if err != nil {
			t.Fatal(err)
		}
		if h, err := vector.ReadHeader(vectorsFile(data)); err != nil || h.Model != followed || h.Count != 300 {
			t.Errorf("the vector file holds %+v (%v), want 300 vectors of %s", h, err, followed)
		}
		if !bytes.Equal(fromCorpus, fromFeed) {
			t.Errorf("the vector file written from the training corpus (%d bytes) differs from the one written from the database (%d bytes)", len(fromCorpus), len(fromFeed))
		}
		if p, err := in.Papers.Paper(ctx, retitled[0]); err != nil || !strings.HasPrefix(p.Title, "Revised: ") {
			t.Fatalf("the second file did not update %s: %v %v", retitled[0], p, err)
		}
		var seq int64
		r, err := embed.TrainFromSource(ctx, embed.FeedSource(ctx, in.Papers, &seq), filepath.Join(t.TempDir(), "read.pwem"), opts)
		if err != nil {
			t.Fatal(err)
		}
		read = r.Name()
	}, 50, first, again)
	if !strings.Contains(log, "from=\"the training corpus\"") {
		t.Errorf("the vectors were not written from the training corpus:\n%s", log)
	}
	if !strings.Contains(log, "training the embedding model") {
		t.Errorf("no training logged:\n%s", log)
	}
	if followed == "" || followed != read {
		t.Errorf("the model trained on the corpus read beside the import is %q, reading the database trains %q", followed, read)
	}

	other := t.TempDir()
	importWith(t, other, ImportOptions{Indexing: IndexKeywordBeside}, func(_ *Instance, imp *ImportRun) {
		if imp.corpus != nil {
			t.Error("an import that will not train read the training corpus")
		}
	}, 50, first)
}

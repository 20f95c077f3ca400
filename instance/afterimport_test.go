package instance

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/paperwire/paperwire/embed"
	"github.com/paperwire/paperwire/vector"
)

// TestWriteIndexFiles: after an import the missing files are written from
// the database; a model trained since makes the vectors (only) outdated and
// rewritten; with everything current nothing is touched.
func TestWriteIndexFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	seed(t, dir, 40)
	in := openTest(t, dir, nil)
	if err := in.WriteIndexFiles(ctx); err != nil {
		t.Fatal(err)
	}
	assertIndexesCurrent(t, dir)
	lexBefore, err := os.Stat(lexicalFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	h, err := vector.ReadHeader(vectorsFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond) // so that a rewrite would show in the modification time

	trained, err := in.TrainEmbeddings(ctx, embed.TrainOptions{Epochs: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if trained.Model.Name() == h.Model {
		t.Fatalf("the trained model has the name of the one before (%s): the test proves nothing", h.Model)
	}
	if err := in.WriteIndexFiles(ctx); err != nil {
		t.Fatal(err)
	}
	assertIndexesCurrent(t, dir)
	if h, err := vector.ReadHeader(vectorsFile(dir)); err != nil || h.Model != trained.Model.Name() || h.Count != 40 {
		t.Errorf("vectors after training: %+v %v, want 40 by %s", h, err, trained.Model.Name())
	}
	if st, err := os.Stat(lexicalFile(dir)); err != nil || !st.ModTime().Equal(lexBefore.ModTime()) {
		t.Errorf("the keyword index was rewritten though it was current: %v", err)
	}

	vecBefore, _ := os.Stat(vectorsFile(dir))
	if err := in.WriteIndexFiles(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(vectorsFile(dir)); err != nil || !st.ModTime().Equal(vecBefore.ModTime()) {
		t.Errorf("the current vectors were rewritten: %v", err)
	}
}

// TestWriteIndexFilesEmbedderOff writes the keyword index alone when
// semantic search is off.
func TestWriteIndexFilesEmbedderOff(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, 10)
	in, err := Open(context.Background(), Options{DataDir: dir, Getenv: func(k string) string {
		if k == "PAPERWIRE_EMBEDDER" {
			return "off"
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := in.WriteIndexFiles(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !hasLexicalIndex(dir) || exists(vectorsFile(dir)) {
		t.Errorf("keyword index %v, vectors %v; want only the keyword index", hasLexicalIndex(dir), exists(vectorsFile(dir)))
	}
}

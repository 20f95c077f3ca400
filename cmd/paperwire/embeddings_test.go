package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/paperwire/paperwire/demo"
	"github.com/paperwire/paperwire/embed"
)

func TestEmbeddingsTrain(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, nil, "embeddings", "train", "--data", dir); code != 1 {
		t.Fatalf("training an empty data dir: exit %d, want 1 (%s)", code, stderr)
	}
	ctx := context.Background()
	in := openData(t, dir)
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Papers.UpsertPapers(ctx, papers[:300]); err != nil {
		t.Fatal(err)
	}
	in.Close()

	code, stdout, stderr := run(t, nil, "embeddings", "train", "--data", dir, "--epochs", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Model  string `json:"model"`
		Papers int    `json:"papers"`
		Dim    int    `json:"dim"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("%v: %q", err, stdout)
	}
	m, err := embed.LoadModel(embed.ModelFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	if out.Papers != 300 || out.Dim != 300 || m.Name() != out.Model || m.Docs() != 300 {
		t.Fatalf("printed %+v, saved %s trained on %d", out, m.Name(), m.Docs())
	}
	if code, _, _ := run(t, nil, "embeddings", "fit"); code != 2 {
		t.Fatalf("unknown subcommand: exit %d, want 2", code)
	}
	if code, _, _ := run(t, nil, "embeddings", "train", "--data", dir, "--dim", "7"); code != 2 {
		t.Fatalf("bad --dim: exit %d, want 2", code)
	}
}

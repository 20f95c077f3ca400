package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/fixture"
)

func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	env.Logger = slog.New(slog.DiscardHandler)
	return env, &out, &errb
}

// openData opens the data directory dir as the commands do, with an empty
// environment, for a test to write or read its papers directly. Close it.
func openData(t testing.TB, dir string) *instance.Instance {
	t.Helper()
	env, _, _ := testEnv()
	in, err := openInstance(context.Background(), env, dir)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// seed writes n papers (fixture.Seed) to a fresh data directory through the store.
func seed(t testing.TB, dir string, n int) {
	t.Helper()
	in := openData(t, dir)
	defer in.Close()
	fixture.Seed(t, in.Papers, n)
}

func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, 40)
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"search", "--data", dir, "--json", "--limit", "3", `"protein folding"`, "part"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var hits []struct {
		ID    string  `json:"id"`
		Title string  `json:"title"`
		Score float64 `json:"score"`
	}
	if err := json.Unmarshal(out.Bytes(), &hits); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(hits) != 3 {
		t.Fatalf("hits = %+v", hits)
	}
	for i, h := range hits {
		if !strings.Contains(h.Title, "protein folding") || h.Score <= 0 || (i > 0 && h.Score > hits[i-1].Score) {
			t.Errorf("hit %d = %+v", i, h)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "index", "lexical-v1.bin")); err != nil {
		t.Errorf("no snapshot after search: %v", err)
	}

	// Plain output marks withdrawn papers; bad syntax is plain text, not an error.
	env, out, _ = testEnv()
	if code := Run(context.Background(), env, []string{"search", "--data", dir, `"protein`, "author:", "year:20x4", "part", "2"}); code != 0 {
		t.Fatalf("bad syntax exit %d", code)
	}
	if !strings.Contains(out.String(), "[withdrawn]") {
		t.Errorf("withdrawn paper not marked:\n%s", out)
	}
	env, _, _ = testEnv()
	if code := Run(context.Background(), env, []string{"search", "--data", dir, "--limit", "0", "x"}); code != 2 {
		t.Errorf("--limit 0: exit %d, want 2", code)
	}
}

func TestReindexCommand(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir, 25)
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"reindex", "--data", dir}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(out.String(), "reindexed 25 papers") || !strings.Contains(out.String(), "embedded 25 papers") {
		t.Errorf("output %q", out)
	}
	// The vectors were rebuilt and saved with the index.
	if _, err := os.Stat(filepath.Join(dir, "index", "vectors.bin")); err != nil {
		t.Errorf("no vector index after reindex: %v", err)
	}
}

func TestEvalCommand(t *testing.T) {
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--split", "test", "--mode", "bm25", "--json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep["ndcg@10"] != 1.0 || rep["mrr@10"] != 1.0 || rep["recall@100"] != 1.0 || rep["docs"] != 4.0 || rep["queries"] != 2.0 {
		t.Errorf("report = %v", rep)
	}
	// Hybrid and vector modes train the embedding model on the corpus first.
	for _, mode := range []string{"hybrid", "vector"} {
		env, out, errb = testEnv()
		if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", mode, "--json"}); code != 0 {
			t.Fatalf("%s: exit %d: %s", mode, code, errb)
		}
		rep = nil
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		if n, _ := rep["ndcg@10"].(float64); n < 0.5 || n > 1 || rep["mode"] != mode {
			t.Errorf("%s report = %v", mode, rep)
		}
	}
	env, _, _ = testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", "fuzzy"}); code != 2 {
		t.Errorf("unknown mode: exit %d, want 2", code)
	}
	env, _, _ = testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--split", "nope"}); code != 1 {
		t.Errorf("missing split: exit %d, want 1", code)
	}
}

// TestReindexSurvivesSIGKILL kills the real binary at several points of a
// reindex, then checks that the next search answers exactly as a clean index.
func TestReindexSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "paperwire")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	seed(t, dir, 20000)
	search := func() string {
		out, err := exec.Command(bin, "search", "--data", dir, "--json", "--limit", "50", "protein folding method").Output()
		if err != nil {
			t.Fatalf("search: %v", err)
		}
		return string(out)
	}
	want := search()
	for _, delay := range []time.Duration{30 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond, 900 * time.Millisecond} {
		cmd := exec.Command(bin, "reindex", "--data", dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if got := search(); got != want {
			t.Fatalf("after SIGKILL at %v: results differ", delay)
		}
	}
	// A snapshot torn by hand is rebuilt too.
	snap := filepath.Join(dir, "index", "lexical-v1.bin")
	data, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(snap, data[:len(data)/3], 0o644)
	if got := search(); got != want {
		t.Fatal("after tearing the snapshot: results differ")
	}
}

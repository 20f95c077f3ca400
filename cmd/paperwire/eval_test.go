package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestEvalSeedAndWeight checks eval's training seed and blend weight flags.
func TestEvalSeedAndWeight(t *testing.T) {
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", "hybrid", "--seed", "3", "--weight", "0.3", "--json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if n, _ := rep["ndcg@10"].(float64); n < 0.5 || n > 1 {
		t.Errorf("report = %v", rep)
	}
	for _, w := range []string{"-0.1", "1.5"} {
		env, _, _ = testEnv()
		if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--weight", w}); code != 2 {
			t.Errorf("--weight %s: exit %d, want 2", w, code)
		}
	}
}

// TestEvalAllModes checks that --mode all reports bm25, bm25+prox, vector
// and hybrid from one run, and that its bm25 and bm25+prox figures are those
// of --mode bm25 and --mode bm25+prox alone.
func TestEvalAllModes(t *testing.T) {
	env, out, errb := testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", "all", "--seed", "2", "--json"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var c struct {
		Dataset string
		Docs    int
		Queries int
		Reports []map[string]any
	}
	if err := json.Unmarshal(out.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if c.Dataset != "beir-tiny" || c.Docs != 4 || c.Queries != 2 || len(c.Reports) != 4 {
		t.Fatalf("comparison = %+v", c)
	}
	for i, want := range []string{"bm25", "bm25+prox", "vector", "hybrid"} {
		if got := c.Reports[i]["mode"]; got != want {
			t.Errorf("report %d mode = %v, want %s", i, got, want)
		}
		if n, _ := c.Reports[i]["ndcg@10"].(float64); n <= 0 || n > 1 {
			t.Errorf("%s nDCG@10 = %v", want, c.Reports[i]["ndcg@10"])
		}
	}
	for i, mode := range []string{"bm25", "bm25+prox"} {
		env, out, errb = testEnv()
		if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", mode, "--json"}); code != 0 {
			t.Fatalf("%s: exit %d: %s", mode, code, errb)
		}
		var alone map[string]any
		if err := json.Unmarshal(out.Bytes(), &alone); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"ndcg@10", "recall@100", "mrr@10"} {
			if alone[k] != c.Reports[i][k] {
				t.Errorf("%s %s: --mode all %v, alone %v", mode, k, c.Reports[i][k], alone[k])
			}
		}
	}
	env, out, errb = testEnv()
	if code := Run(context.Background(), env, []string{"eval", "testdata/beir-tiny", "--mode", "all"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, w := range []string{"bm25", "bm25+prox", "vector", "hybrid", "nDCG@10", "MRR@10", "4 docs, 2 queries"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
}

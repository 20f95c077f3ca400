package main

import (
	"context"
	"encoding/json"
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

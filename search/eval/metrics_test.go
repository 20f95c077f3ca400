package eval

import (
	"math"
	"testing"
)

func TestMetricsHandComputed(t *testing.T) {
	rel := map[string]int{"a": 1, "b": 2, "z": 1}
	ranked := []string{"x", "b", "y", "a"}
	// DCG = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677 = 1.692537
	// IDCG = 2/1 + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
	if got := NDCG(ranked, rel, 10); math.Abs(got-1.692537/3.130930) > 1e-6 {
		t.Errorf("NDCG = %v", got)
	}
	if got := NDCG(ranked, rel, 1); got != 0 {
		t.Errorf("NDCG@1 = %v", got)
	}
	if got := Recall(ranked, rel, 100); math.Abs(got-2.0/3) > 1e-9 {
		t.Errorf("Recall = %v", got)
	}
	if got := MRR(ranked, rel, 10); got != 0.5 {
		t.Errorf("MRR = %v", got)
	}
	if got := MRR(ranked, rel, 1); got != 0 {
		t.Errorf("MRR@1 = %v", got)
	}
}

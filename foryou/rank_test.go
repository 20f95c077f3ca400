package foryou

import (
	"fmt"
	"strings"
	"testing"
)

// topicPapers makes n papers about topic, each with a distinct extra word,
// and vectors pointing along axis (with a little of the other axis).
func topicPapers(prefix, topic string, axis, n int) []Paper {
	var out []Paper
	for i := range n {
		v := []float32{0.1, 0.1}
		v[axis] = 1
		out = append(out, Paper{
			ID:         fmt.Sprintf("%s%d", prefix, i),
			Title:      topic + " study number " + strings.Repeat("x", i+1),
			Abstract:   "We study " + topic + " with careful experiments on " + topic + " benchmarks.",
			Categories: []string{map[int]string{0: "cs.CL", 1: "q-bio.NC"}[axis]},
			Vec:        v,
		})
	}
	return out
}

func TestRankPutsTheLikedTopicFirst(t *testing.T) {
	likes := topicPapers("like", "protein folding", 1, 3)
	cands := append(topicPapers("lang", "language models", 0, 150), topicPapers("bio", "protein folding", 1, 5)...)
	for _, method := range []string{MethodSVM, MethodCentroid} {
		for _, vw := range []float64{0, -1, 1} {
			t.Run(fmt.Sprintf("%s/vec%.0f", method, vw), func(t *testing.T) {
				got := NewRanker().Rank(likes, cands, Options{Method: method, VecWeight: vw, Seed: 1})
				if len(got) != len(cands) {
					t.Fatalf("ranked %d papers, want %d", len(got), len(cands))
				}
				for i, r := range got[:5] {
					if !strings.HasPrefix(r.ID, "bio") {
						t.Errorf("rank %d is %s (score %.3f); want the five protein-folding papers first", i+1, r.ID, r.Score)
					}
					if !strings.HasPrefix(r.Because, "like") {
						t.Errorf("%s is explained by %q, not a like", r.ID, r.Because)
					}
				}
			})
		}
	}
}

func TestRankExplainsWithTheNearestLike(t *testing.T) {
	likes := []Paper{
		{ID: "a", Title: "Graph neural networks for molecules", Abstract: "message passing on molecular graphs"},
		{ID: "b", Title: "Speech recognition with transducers", Abstract: "streaming speech recognition for audio"},
	}
	cands := []Paper{
		{ID: "c1", Title: "Molecular graphs and message passing", Abstract: "graph neural networks predict molecules"},
		{ID: "c2", Title: "Streaming transducers", Abstract: "speech recognition of long audio"},
		{ID: "c3", Title: "Ancient pottery", Abstract: "a survey of clay"},
	}
	got := NewRanker().Rank(likes, cands, Options{Seed: 1})
	because := map[string]string{}
	for _, r := range got {
		because[r.ID] = r.Because
	}
	if because["c1"] != "a" || because["c2"] != "b" {
		t.Errorf("explanations %v; want c1 by a and c2 by b", because)
	}
	if got[len(got)-1].ID != "c3" {
		t.Errorf("last is %s; want the unrelated c3 last", got[len(got)-1].ID)
	}
}

func TestRankLeavesOutLikesAndNeedsThem(t *testing.T) {
	likes := topicPapers("p", "robots", 0, 2)
	if got := NewRanker().Rank(nil, likes, Options{}); got != nil {
		t.Errorf("no likes ranked %v; want nil", got)
	}
	got := NewRanker().Rank(likes[:1], likes, Options{})
	if len(got) != 1 || got[0].ID != "p1" {
		t.Errorf("ranked %v; want only p1 (p0 is liked)", got)
	}
}

// FuzzRank: any text ranks without a panic, every candidate once, each
// explained by a like.
func FuzzRank(f *testing.F) {
	f.Add("Attention for $x<y$", "We show \\mathrm{SE}(3) and <b>bold</b>.", "cs.LG")
	f.Add("", "", "")
	f.Add("日本語のタイトル", "ünïcödé àbstract — with dashes", "math.AG")
	f.Fuzz(func(t *testing.T, title, abstract, cat string) {
		likes := []Paper{{ID: "l", Title: title, Abstract: abstract, Categories: []string{cat}}}
		cands := []Paper{
			{ID: "a", Title: abstract, Abstract: title},
			{ID: "b", Title: title + " " + abstract, Categories: []string{cat}, Vec: []float32{1, 0}},
			{ID: "c"},
		}
		got := NewRanker().Rank(likes, cands, Options{Seed: 1})
		if len(got) != len(cands) {
			t.Fatalf("ranked %d of %d", len(got), len(cands))
		}
		seen := map[string]bool{}
		for _, r := range got {
			if seen[r.ID] || r.Because != "l" {
				t.Fatalf("ranking %+v", got)
			}
			seen[r.ID] = true
		}
	})
}

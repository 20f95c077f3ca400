package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestSortByScoreIsStable checks sortByScore against the stable sort it
// replaced, on lists with many ties.
func TestSortByScoreIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for n := range 300 {
		xs := make([]Scored, n)
		for i := range xs {
			xs[i] = Scored{fmt.Sprint(i), float64(r.IntN(max(1, n/4)))}
		}
		want := slices.Clone(xs)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Score > want[j].Score })
		sortByScore(xs)
		if !slices.Equal(xs, want) {
			t.Fatalf("n=%d: %v, want %v", n, xs, want)
		}
	}
}

// TestFuseRescoredMatchesFuse checks the hybrid path's fusion against Fuse
// over the semantic list scoreCandidates builds, for both methods, with
// ties and candidates without a vector.
func TestFuseRescoredMatchesFuse(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 200 {
		lex := make([]Scored, n)
		scores := make([]float32, n)
		found := make([]bool, n)
		var sem []Scored
		for i := range lex {
			lex[i] = Scored{fmt.Sprint("p", i), float64(n - i/3)}
			scores[i] = float32(r.IntN(7)) / 7
			found[i] = r.IntN(5) != 0
			if found[i] {
				sem = append(sem, Scored{lex[i].ID, float64(scores[i])})
			}
		}
		sortByScore(sem)
		for _, f := range []Fusion{DefaultFusion(), {Method: FuseRRF, Weight: 0.4, RRFK: 60}, {Method: FuseBlend, Weight: 0.3}} {
			want := Fuse(f, lex, sem)
			got := fuseRescored(f, lex, scores, found, 0)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d %s: %v, want %v", n, f.Method, got, want)
			}
			// A page's worth: the same first k.
			for _, k := range []int{1, 3, 10, 18, 40} {
				got := fuseRescored(f, lex, scores, found, k)
				if w := want[:min(k, len(want))]; f.Method == FuseBlend && !slices.Equal(got, w) || !slices.Equal(got[:min(k, len(got))], w) {
					t.Fatalf("n=%d %s keep %d: %v, want %v", n, f.Method, k, got, w)
				}
			}
		}
	}
}

// TestScoreTopKMatchesTopK checks the relevance heap against topK under
// lessFunc's relevance order, with many ties, for several k.
func TestScoreTopKMatchesTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	scores := make([]float32, 5000)
	for i := range scores {
		scores[i] = float32(r.IntN(50))
	}
	ix := NewIndex(DefaultParams())
	for _, k := range []int{0, 1, 7, 100, 1000, 6000} {
		want := newTopK(k, ix.lessFunc("relevance", scores))
		got := newScoreTopK(k)
		for _, n := range r.Perm(len(scores)) {
			want.push(uint32(n))
			got.push(uint32(n), scores[n])
		}
		if w, g := want.sorted(), got.sorted(); !slices.Equal(w, g) {
			t.Fatalf("k=%d: %v, want %v", k, g[:min(10, len(g))], w[:min(10, len(w))])
		}
	}
}

// TestFuseCandidatesIsTheHybridFusion checks that the exported replay of
// hybrid search's fusion gives Fuse's ranking for re-scored candidates.
func TestFuseCandidatesIsTheHybridFusion(t *testing.T) {
	lex := []Scored{{"a", 9}, {"b", 5}, {"c", 4}, {"d", 1}}
	scores := []float32{0.1, 0.9, 0, 0.5}
	found := []bool{true, true, false, true}
	sem := []Scored{{"b", 0.9}, {"d", 0.5}, {"a", 0.1}}
	f := DefaultFusion()
	got, want := FuseCandidates(f, lex, scores, found), Fuse(f, lex, sem)
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range got {
		if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-6 {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if got[0].ID != "b" {
		t.Errorf("the vectors' favourite did not rise: %v", got)
	}
}

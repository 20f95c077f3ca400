package search

import (
	"fmt"
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

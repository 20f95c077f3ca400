package embed

import (
	"fmt"
	"strings"
	"testing"
)

// TestWordIndexMatchesMap: every word finds its first row, short or long
// (past the inline length), and words outside the vocabulary find none.
func TestWordIndexMatchesMap(t *testing.T) {
	var words []string
	for i := range 5000 {
		words = append(words, fmt.Sprintf("w%d", i), strings.Repeat("x", i%40+1)+fmt.Sprint(i%7))
	}
	words = append(words, "w17", "émergence", "naïve") // a repeat keeps its first row
	want := map[string]int{}
	for i, w := range words {
		if _, dup := want[w]; !dup {
			want[w] = i
		}
	}
	x := newWordIndex(words)
	for w, row := range want {
		if got := x.lookup([]byte(w)); got != row {
			t.Fatalf("%q: row %d, want %d", w, got, row)
		}
	}
	for _, w := range []string{"", "w", "w5000", strings.Repeat("x", 41), "naive", "x0"} {
		if _, in := want[w]; !in && x.lookup([]byte(w)) != -1 {
			t.Errorf("%q is not in the vocabulary but was found", w)
		}
	}
}

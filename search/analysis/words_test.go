package analysis

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCachesAreTransparent analyses varied text with one long-lived
// analyzer (hot cache and word table warm, words evicting each other) and
// with a fresh one per text: the terms must agree.
func TestCachesAreTransparent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("The models modelling graph-based COVID-19 α-synuclein don't state-of-the-art 3.5 cs.CL " +
		"running runs ran networks networking O'Neil's e.g. Schrödinger quantum error-correcting")
	long := New()
	for i := range 3000 {
		var b strings.Builder
		for range 40 {
			if r.IntN(3) == 0 {
				fmt.Fprintf(&b, "rare%dword ", r.IntN(100000)) // churn through the hot cache
			} else {
				b.WriteString(words[r.IntN(len(words))] + " ")
			}
		}
		text := b.String()
		got, want := long.Terms(text), New().Terms(text)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("text %d: warm analyzer %q, fresh %q", i, got, want)
		}
	}
	if long.hot.slots == nil {
		t.Fatal("the hot cache never switched on")
	}
}

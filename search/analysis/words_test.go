package analysis

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWordTable checks the word table against a map through growth, long
// words and a reset.
func TestWordTable(t *testing.T) {
	st := newStemmer(stemCacheLimit)
	wt := newWordTable()
	want := map[string]uint32{}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		w := fmt.Sprintf("w%x", r.Uint64()%50000)
		if i%97 == 0 {
			w = strings.Repeat("long", 8) + w // past the inline length
		}
		b := []byte(w)
		h := st.hash(b)
		k, ok := wt.get(h, b)
		if wk, wok := want[w]; ok != wok || k != wk {
			t.Fatalf("get(%q) = %d, %v; want %d, %v", w, k, ok, wk, wok)
		}
		if !ok {
			wt.put(h, b, uint32(i+1), st.hash)
			want[w] = uint32(i + 1)
		}
	}
	if wt.len() != len(want) {
		t.Fatalf("len %d, want %d", wt.len(), len(want))
	}
	wt.reset()
	if _, ok := wt.get(st.hash([]byte("w1")), []byte("w1")); ok || wt.len() != 0 {
		t.Fatalf("reset left words")
	}
}

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

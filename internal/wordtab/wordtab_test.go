package wordtab

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTable checks the table against a map through growth, long words and
// a reset.
func TestTable(t *testing.T) {
	seed := maphash.MakeSeed()
	hash := func(b []byte) uint64 { return maphash.Bytes(seed, b) }
	wt := New()
	want := map[string]uint32{}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		w := fmt.Sprintf("w%x", r.Uint64()%50000)
		if i%97 == 0 {
			w = strings.Repeat("long", 8) + w // past the inline length
		}
		b := []byte(w)
		h := hash(b)
		k, ok := wt.Get(h, b)
		if wk, wok := want[w]; ok != wok || k != wk {
			t.Fatalf("Get(%q) = %d, %v; want %d, %v", w, k, ok, wk, wok)
		}
		if !ok {
			wt.Put(h, b, uint32(i+1), hash)
			want[w] = uint32(i + 1)
		}
	}
	if wt.Len() != len(want) {
		t.Fatalf("Len %d, want %d", wt.Len(), len(want))
	}
	wt.Reset()
	if _, ok := wt.Get(hash([]byte("w1")), []byte("w1")); ok || wt.Len() != 0 {
		t.Fatalf("Reset left words")
	}
}

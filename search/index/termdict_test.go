package index

import (
	"fmt"
	"testing"

	"github.com/paperwire/paperwire/search/index/indextest"
)

// TestTermDict adds terms through several doublings of the slot table and
// checks that ids come in order, every term finds its id and its bytes, an
// absent term is absent, and adding a term again gives its id back.
func TestTermDict(t *testing.T) {
	d := newTermDict(0)
	words := []string{"", "a", "ab", "b", "ba", "transformer", "transformers"}
	for i := range 5000 {
		words = append(words, fmt.Sprintf("w%dx", i))
	}
	for i, w := range words {
		if id := d.idOf(w); id != uint32(i) {
			t.Fatalf("%q got id %d, want %d", w, id, i)
		}
	}
	if d.Len() != len(words) {
		t.Fatalf("Len %d, want %d", d.Len(), len(words))
	}
	for i, w := range words {
		id, ok := d.lookup(w)
		if !ok || id != uint32(i) || string(d.term(id)) != w {
			t.Fatalf("%q: id %d %v, bytes %q; want %d", w, id, ok, d.term(id), i)
		}
		if again := d.idOfBytes([]byte(w)); again != uint32(i) {
			t.Fatalf("%q added again as %d", w, again)
		}
	}
	for _, w := range []string{"c", "transform", "w5000x", "w1"} {
		if id, ok := d.lookupBytes([]byte(w)); ok {
			t.Errorf("%q found as %d", w, id)
		}
	}
	if d.Len() != len(words) {
		t.Fatalf("Len %d after lookups, want %d", d.Len(), len(words))
	}
}

// TestDictBytesPerTerm pins the term dictionary's memory on a fixed corpus:
// Go's map of strings took about 54 bytes a term at 75k papers.
func TestDictBytesPerTerm(t *testing.T) {
	ix := Build(DefaultParams(), indextest.ZipfDocs[Document](3000))
	f := ix.Footprint()
	per := float64(f.DictBytes) / float64(ix.dict.Len())
	t.Logf("%d terms, %d bytes of dictionary: %.1f a term", ix.dict.Len(), f.DictBytes, per)
	if per > 40 {
		t.Errorf("%.1f bytes a term, want at most 40", per)
	}
}

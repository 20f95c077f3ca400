package web

import (
	"bytes"
	"testing"
)

// TestBodyETag: a weak, quoted tag that equal bodies share and a one-byte
// change moves.
func TestBodyETag(t *testing.T) {
	a := bodyETag([]byte(`{"papers":[]}`))
	if a != bodyETag([]byte(`{"papers":[]}`)) {
		t.Fatal("equal bodies, different tags")
	}
	if a == bodyETag([]byte(`{"papers":[1]}`)) {
		t.Fatal("different bodies, equal tags")
	}
	if len(a) != len(`W/""`)+16 || a[:3] != `W/"` || a[len(a)-1] != '"' {
		t.Fatalf("tag %q", a)
	}
}

// BenchmarkBodyETag hashes a body the size of a search API answer.
func BenchmarkBodyETag(b *testing.B) {
	body := bytes.Repeat([]byte(`{"paper":{"id":"2501.01234","title":"A title"}},`), 20_000/48)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		bodyETag(body)
	}
}

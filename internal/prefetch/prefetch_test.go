package prefetch

import (
	"testing"
	"unsafe"
)

// TestHintsChangeNothing: asking for memory, whole, in part or none of it,
// neither faults nor writes.
func TestHintsChangeNothing(t *testing.T) {
	s := make([]float32, 1000)
	for i := range s {
		s[i] = float32(i)
	}
	Float32s(s)
	Float32s(s[999:])
	Float32s(nil)
	Bytes(unsafe.Pointer(&s[10]), 1)
	Bytes(nil, 0)
	for i, x := range s {
		if x != float32(i) {
			t.Fatalf("s[%d] = %v", i, x)
		}
	}
}

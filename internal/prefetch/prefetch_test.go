package prefetch

import "testing"

// TestHintsChangeNothing: asking for memory, whole, in part or none of it,
// neither faults nor writes.
func TestHintsChangeNothing(t *testing.T) {
	s := make([]float32, 1000)
	for i := range s {
		s[i] = float32(i)
	}
	Slice(s)
	Slice(s[999:])
	Slice[float32](nil)
	Slice([]int8{1, 2, 3})
	for i, x := range s {
		if x != float32(i) {
			t.Fatalf("s[%d] = %v", i, x)
		}
	}
}

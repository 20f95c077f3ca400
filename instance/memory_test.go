package instance

import (
	"runtime/debug"
	"testing"
)

func TestHeapLimit(t *testing.T) {
	for _, c := range []struct{ floor, live, want int64 }{
		{350, 0, 350}, {350, 200, 350}, {350, 262, 350}, {350, 300, 400}, {350, 900, 1200},
	} {
		if got := heapLimit(c.floor, c.live); got != c.want {
			t.Errorf("heapLimit(%d, %d) = %d, want %d", c.floor, c.live, got, c.want)
		}
	}
}

// TestLimitHeapRestores: the limit holds while the build runs and the
// previous one is back after stop; GOMEMLIMIT set by the user wins.
func TestLimitHeapRestores(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	stop := limitHeap(noEnv, 1<<40)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit while building %d", got)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("limit after stop %d, want %d", got, prev)
	}
	userSet := func(k string) string { return map[string]string{"GOMEMLIMIT": "1GiB"}[k] }
	limitHeap(userSet, 1<<40)()
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("GOMEMLIMIT set: limit changed to %d", got)
	}
}

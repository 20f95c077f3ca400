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

// TestTuneGCForImport: an import building indexes from scratch beside its
// writes collects at 5x the live heap under the build's limit, one extending
// loaded indexes keeps Go's defaults, and GOGC set by the user wins.
func TestTuneGCForImport(t *testing.T) {
	prevGC, prevLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer func() { debug.SetGCPercent(prevGC); debug.SetMemoryLimit(prevLimit) }()

	stop := tuneGCForImport(noEnv, true, true)
	if gc, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); gc != 400 || limit != buildHeapLimit {
		t.Errorf("bounded build beside an import: GOGC %d, limit %d; want 400 and %d", gc, limit, buildHeapLimit)
	}
	stop()
	debug.SetGCPercent(100)

	stop = tuneGCForImport(noEnv, true, false)
	if gc := debug.SetGCPercent(-1); gc != 100 {
		t.Errorf("extending loaded indexes: GOGC %d, want Go's 100", gc)
	}
	stop()
	debug.SetGCPercent(100)

	userGC := func(k string) string { return map[string]string{"GOGC": "50"}[k] }
	stop = tuneGCForImport(userGC, true, true)
	if gc := debug.SetGCPercent(-1); gc != 100 {
		t.Errorf("GOGC set by the user: the import set %d", gc)
	}
	stop()
}

package instance

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// buildHeapLimit is the soft limit on Go's memory while the indexes are
// built with bounded memory (indexBuild). Their live data is about 200 MB at
// 75k papers and 250 MB at a million; Go's default (collect at twice the
// live heap) let a million-paper import reach 820 MB of RSS, this limit 490 MB
// (the rest of the process, SQLite's page caches mostly, is outside it), for
// about 9% more CPU at a million papers and next to nothing at 75k.
const buildHeapLimit = 350 << 20

// limitHeap sets Go's soft memory limit to floor, unless the user set
// GOMEMLIMIT (read through getenv), and until stop raises it whenever the
// live heap passes three quarters of it: a corpus much larger than planned
// for must not make the collector run without pause. stop restores the
// previous limit.
func limitHeap(getenv func(string) string, floor int64) (stop func()) {
	if getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prev := debug.SetMemoryLimit(floor)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				metrics.Read(live)
				debug.SetMemoryLimit(heapLimit(floor, int64(live[0].Value.Uint64())))
			}
		}
	}()
	return func() {
		cancel()
		<-done
		debug.SetMemoryLimit(prev)
	}
}

// heapLimit is floor, or a third more than the live heap if that is more.
func heapLimit(floor, live int64) int64 { return max(floor, live+live/3) }

// tuneGCForImport trades memory for CPU: an import allocates fast and keeps
// little, so collecting at 5x the live heap instead of 2x cuts its CPU time by
// about a sixth, while a soft memory limit keeps the process well under
// 500 MB. An import that builds indexes from scratch beside its writes
// (rebuild) holds a bounded amount of them: it collects at 5x too, under the
// tighter limit limitHeap keeps (with Go's 2x it collected three times as
// often, for about 2 CPU-seconds more at 75k papers); one that extends
// indexes already built holds them whole in memory, which grows with the
// corpus, so it keeps Go's defaults. GOGC and GOMEMLIMIT set by the user
// (read through getenv) win. stop ends what limitHeap started.
func tuneGCForImport(getenv func(string) string, withIndex, rebuild bool) (stop func()) {
	if withIndex && !rebuild {
		return func() {}
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if withIndex {
		return limitHeap(getenv, buildHeapLimit)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(400 << 20)
	}
	return func() {}
}

package main

import (
	"runtime/debug"
)

// serveGCPercent is the garbage collector's target for a server: the heap
// may grow by half its live size between collections, not double (Go's
// default of 100). Nearly all of a server's live heap is its search indexes,
// which never become garbage, so collections stay cheap while the resident
// memory drops by about a quarter of the live heap (docs/decisions/014-serve-memory.md).
const serveGCPercent = 50

// tuneServeMemory applies serveGCPercent unless GOGC is set, and returns to
// the operating system the memory that loading the indexes left behind.
func tuneServeMemory(env *Env) {
	if env.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	debug.FreeOSMemory()
}

package prefetch

import "unsafe"

// lines issues PREFETCHT0 for every 64-byte line of the n > 0 bytes at p
// (any x86-64 has it).
//
//go:noescape
func lines(p unsafe.Pointer, n int)

// Package prefetch asks the CPU to start loading memory a loop will read a
// little later: rows scattered over tables of tens of megabytes (the vector
// index's rows as a search scores them, the embedding model's rows as
// training sums and steps them) otherwise stall the loop on each one.
package prefetch

import "unsafe"

// Bytes asks for the cache lines of the n bytes at p. It is a hint only:
// nothing is read or written, and without it the lines load when used.
func Bytes(p unsafe.Pointer, n int) {
	if n > 0 {
		lines(p, n)
	}
}

// Float32s asks for the cache lines of s.
func Float32s(s []float32) {
	if len(s) > 0 {
		lines(unsafe.Pointer(&s[0]), 4*len(s))
	}
}

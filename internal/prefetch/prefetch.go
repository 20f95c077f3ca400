// Package prefetch asks the CPU to start loading memory a loop will read a
// little later: rows scattered over tables of tens of megabytes (the vector
// index's rows as a search scores them, the embedding model's rows as
// training sums and steps them) otherwise stall the loop on each one.
package prefetch

import "unsafe"

// Slice asks for the cache lines of s. It is a hint only: nothing is read
// or written, and without it the lines load when used.
func Slice[T any](s []T) {
	if len(s) > 0 {
		lines(unsafe.Pointer(&s[0]), len(s)*int(unsafe.Sizeof(s[0])))
	}
}

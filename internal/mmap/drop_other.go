//go:build !linux

package mmap

// DropPages lets go of b's pages in this process where the platform allows
// it (Linux); elsewhere the kernel reclaims them under memory pressure.
func DropPages([]byte) {}

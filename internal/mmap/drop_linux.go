package mmap

import "syscall"

// DropPages lets go of b's pages in this process; they stay in the page
// cache and come back on first use. Loading checks every byte of a file, but
// serving touches only a part of it.
func DropPages(b []byte) { syscall.Madvise(b, syscall.MADV_DONTNEED) }

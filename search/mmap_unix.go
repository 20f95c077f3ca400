//go:build linux || darwin || freebsd || netbsd || openbsd

package search

import (
	"os"
	"syscall"
)

// mapFile maps size bytes of f read-only. The mapping is shared with the
// page cache: several processes serving one data directory hold a snapshot
// once, and the kernel can drop its pages under memory pressure and read
// them back on demand.
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, syscall.EINVAL
	}
	return syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
}

// unmapFile releases a mapping made by mapFile.
func unmapFile(b []byte) { syscall.Munmap(b) }

// dropPages lets go of b's pages in this process (they stay in the page
// cache): loading reads and checks every byte of a snapshot, but a search
// touches only its terms' postings, which come back on first use.
func dropPages(b []byte) { syscall.Madvise(b, syscall.MADV_DONTNEED) }

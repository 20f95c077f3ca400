// Package mmap maps read-only files into memory, where the platform allows,
// so that indexes and models loaded from a data directory live in the page
// cache (shared by every process that maps them, dropped and read back by
// the kernel under memory pressure) rather than in each process's heap.
// Callers keep a fallback that reads the file, for platforms without it.
package mmap

import "os"

// File maps the whole of f read-only. The bytes must never be written, and
// stay valid until Unmap; the file must not be truncated or rewritten in
// place meanwhile (Paperwire replaces its files by rename).
func File(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return mapFile(f, st.Size())
}

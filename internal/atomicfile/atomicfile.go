// Package atomicfile replaces files so that a crash leaves the old file or
// the new one, never a mix, and removes what a killed writer left behind.
// The index files, the vectors and the embedding model are all written this
// way: each is derived from the database and read at every start.
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"time"
)

// StaleAfter is how long a temporary file must have gone unwritten before
// RemoveStale takes it for a killed writer's: a live writer appends to its
// file every few seconds at most.
const StaleAfter = 10 * time.Minute

// Write replaces path with what write produces: a temporary file beside it
// (see CreateTemp), written through a buffer, fsynced, made readable by all,
// renamed over path, then the directory fsynced. On error path is untouched
// and the temporary file removed.
func Write(path string, write func(io.Writer) error) error {
	f, err := CreateTemp(path, "save")
	if err != nil {
		return err
	}
	tmp := f.Name()
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// CreateTemp creates a temporary file beside path, named after it and what
// it holds ("path.what.NNN.tmp"), creating the directory if needed.
func CreateTemp(path, what string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return os.CreateTemp(filepath.Dir(path), filepath.Base(path)+"."+what+".*.tmp")
}

// RemoveStale removes the temporary files beside path that a writer killed
// half-way left: those not written for StaleAfter. A file another process
// is still writing is left alone.
func RemoveStale(path string) {
	tmps, _ := filepath.Glob(path + ".*.tmp")
	for _, f := range tmps {
		if st, err := os.Stat(f); err == nil && time.Since(st.ModTime()) > StaleAfter {
			os.Remove(f)
		}
	}
}

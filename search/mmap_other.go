//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package search

import (
	"errors"
	"os"
)

// mapFile is not available here: snapshots are read into memory instead.
func mapFile(*os.File, int64) ([]byte, error) { return nil, errors.ErrUnsupported }

func unmapFile([]byte) {}

func dropPages([]byte) {}

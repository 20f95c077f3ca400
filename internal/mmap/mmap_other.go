//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package mmap

import (
	"errors"
	"os"
)

func mapFile(*os.File, int64) ([]byte, error) { return nil, errors.ErrUnsupported }

// Unmap releases a mapping made by File.
func Unmap([]byte) {}

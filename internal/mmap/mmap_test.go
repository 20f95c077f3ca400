package mmap

import (
	"os"
	"path/filepath"
	"testing"
)

// mappedData writes data to a file and maps it, skipping the test where
// nothing maps; the caller unmaps it.
func mappedData(t *testing.T, data []byte) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close() // the mapping outlives the file
	b, err := File(f)
	if err != nil {
		t.Skipf("no mapping here: %v", err)
	}
	return b
}

func TestFile(t *testing.T) {
	b := mappedData(t, []byte("mapped bytes"))
	DropPages(b)
	if string(b) != "mapped bytes" {
		t.Errorf("mapped %q", b)
	}
	Unmap(b)
	empty, _ := os.Create(filepath.Join(t.TempDir(), "empty"))
	defer empty.Close()
	if _, err := File(empty); err == nil {
		t.Error("an empty file mapped")
	}
}

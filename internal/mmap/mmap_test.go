package mmap

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("mapped bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := File(f)
	if err != nil {
		t.Skipf("no mapping here: %v", err)
	}
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

package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestWriteReplacesOrLeavesAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "f.bin")
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Write(path, func(w io.Writer) error { io.WriteString(w, "partial"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("failed write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Fatalf("a failed write changed the file: %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if tmps, _ := filepath.Glob(path + ".*"); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
}

// TestRemoveStale removes only the temporary files nobody wrote for a while.
func TestRemoveStale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.bin")
	old, err := CreateTemp(path, "build")
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	past := time.Now().Add(-2 * StaleAfter)
	os.Chtimes(old.Name(), past, past)
	live, _ := CreateTemp(path, "save")
	live.Close()
	other := filepath.Join(filepath.Dir(path), "g.bin.x.tmp")
	os.WriteFile(other, nil, 0o644)
	os.Chtimes(other, past, past)
	RemoveStale(path)
	for f, want := range map[string]bool{old.Name(): false, live.Name(): true, other: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: exists=%v, want %v", f, err == nil, want)
		}
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

// writeCrawl writes n synthetic papers in the daily crawl format to a file
// named after its day, about 2.5 KB each.
func writeCrawl(t *testing.T, dir string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "2026-07-01.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("graph neural network diffusion transformer protein retrieval language model vision robot " +
		"policy learning sparse attention quantum kernel bayesian inference causal benchmark dataset")
	text := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[r.IntN(len(words))]
		}
		return strings.Join(ws, " ")
	}
	enc := json.NewEncoder(w)
	for i := 0; i < n; i++ {
		rec := map[string]any{
			"id": fmt.Sprintf("2607.%05d", i+1), "categories": []string{"cs.LG"}, "authors": []string{"A. Author", "B. Author"},
			"title": text(8), "comment": nil, "summary": text(300),
		}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// mountTmpfs mounts a tmpfs of sizeMB at a new directory, unmounted when
// the test ends. It needs root; CI runs as root, elsewhere the test skips.
func mountTmpfs(t *testing.T, sizeMB int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI runs as root, which mounting a small tmpfs needs")
		}
		t.Skip("needs root to mount a small tmpfs (a disk that fills up)")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%dm", sizeMB)); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fill writes zeros to path until the filesystem has about leaveMB free.
func fill(t *testing.T, path string, leaveMB int) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(path), &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	size := free - int64(leaveMB)<<20
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1<<20)
	for written := int64(0); written < size; written += int64(len(chunk)) {
		if _, err := f.Write(chunk[:min(int64(len(chunk)), size-written)]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportDiskFull: an import that fills the disk stops with a clear
// error naming the cause, the database stays intact (integrity check,
// whole batches only), and the same import run again after space is freed
// completes with every paper.
func TestImportDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	disk := mountTmpfs(t, 64)
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	const papers = 6000
	crawl := writeCrawl(t, t.TempDir(), papers)
	data := filepath.Join(disk, "data")
	// Create the database first, then leave too little room for the import.
	if out, err := exec.Command(bin, "migrate", "--data", data).CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	filler := filepath.Join(disk, "filler")
	fill(t, filler, 6)

	cmd := exec.Command(bin, "import", "--data", data, "--no-train", "--batch", "500", crawl)
	out, err := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	if err == nil || code != 1 {
		t.Fatalf("import on a full disk: exit %d, want 1\n%s", code, out)
	}
	t.Logf("import said: %s", strings.TrimSpace(string(out)))
	msg := strings.ToLower(string(out))
	if !strings.Contains(msg, "full") && !strings.Contains(msg, "no space") {
		t.Errorf("the error does not say the disk is full:\n%s", out)
	}
	if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine ") {
		t.Errorf("import crashed:\n%s", out)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	n := checkDatabase(t, filepath.Join(data, "paperwire.db"))
	if n >= papers || n%500 != 0 {
		t.Errorf("after the failed import the database holds %d papers; want whole batches of 500, fewer than %d", n, papers)
	}
	t.Logf("the failed import left %d papers in whole batches", n)

	if out, err := exec.Command(bin, "import", "--data", data, "--no-train", "--batch", "500", crawl).CombinedOutput(); err != nil {
		t.Fatalf("import after freeing space: %v\n%s", err, out)
	}
	if n := checkDatabase(t, filepath.Join(data, "paperwire.db")); n != papers {
		t.Errorf("after the rerun: %d papers, want %d", n, papers)
	}
}

// checkDatabase runs SQLite's integrity check on the file and counts its papers.
func checkDatabase(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open after the import: %v", err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity check: %q, %v", ok, err)
	}
	sum, err := store.NewPaperStore(db).Summary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return sum.Papers
}

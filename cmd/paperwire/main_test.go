package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// run calls Run in-process with a fixed environment and returns the exit code and output.
func run(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return vars[k] }}
	env.Logger = newTestLogger(&stderr)
	code := Run(context.Background(), env, args)
	return code, stdout.String(), stderr.String()
}

func TestUsageAndHelp(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		contains string
	}{
		{nil, 2, "Usage: paperwire COMMAND"},
		{[]string{"help"}, 0, "serve"},
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{"serve", "--help"}, 0, "Usage: paperwire serve"},
		{[]string{"stats", "-h"}, 0, "--json"},
		{[]string{"version"}, 0, "paperwire "},
		{[]string{"serve", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"serve", "extra"}, 2, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		code, out, errOut := run(t, nil, c.args...)
		if code != c.code || !strings.Contains(out+errOut, c.contains) {
			t.Errorf("paperwire %v = %d, %q %q; want %d containing %q", c.args, code, out, errOut, c.code, c.contains)
		}
	}
}

func TestStatsOnEmptyDataDir(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, map[string]string{"PAPERWIRE_DATA_DIR": dir}, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats = %d: %s", code, errOut)
	}
	var st struct{ Papers int }
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Papers != 0 {
		t.Fatalf("stats --json = %q (%v)", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "paperwire.db")); err != nil {
		t.Fatalf("data dir from PAPERWIRE_DATA_DIR not used: %v", err)
	}
}

// buildBinary compiles the real paperwire binary once per test run.
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "paperwire-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "paperwire")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeBinary starts the real binary on an empty data dir, waits for the
// demo corpus to be served, checks stats agree, and stops it with SIGTERM.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir, addr := t.TempDir(), freeAddr(t)
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)
	t.Logf("ready after %v", time.Since(start))

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "loaded demo corpus") || !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("logs lack start-up or shutdown lines:\n%s", logs.String())
	}

	out, err := exec.Command(bin, "stats", "--json", "--data", dir).Output()
	if err != nil {
		t.Fatal(err)
	}
	var st struct{ Papers, Days int }
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatal(err)
	}
	if st.Papers < 5000 || st.Days < 15 {
		t.Fatalf("demo corpus not loaded: %s", out)
	}

	// A second start must not touch a database that already has papers.
	cmd2 := exec.Command(bin, "serve", "--addr", freeAddr(t), "--data", dir)
	var logs2 bytes.Buffer
	cmd2.Stdout, cmd2.Stderr = &logs2, &logs2
	if err := cmd2.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	cmd2.Process.Signal(syscall.SIGTERM)
	cmd2.Wait()
	if strings.Contains(logs2.String(), "loaded demo corpus") {
		t.Fatalf("demo corpus loaded into a non-empty database:\n%s", logs2.String())
	}
}

func TestServeNoDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir, addr := t.TempDir(), freeAddr(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir)
	cmd.Env = append(os.Environ(), "PAPERWIRE_NO_DEMO=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	out, _ := exec.Command(bin, "stats", "--json", "--data", dir).Output()
	if !bytes.Contains(out, []byte(`"papers": 0`)) {
		t.Fatalf("PAPERWIRE_NO_DEMO=1 still loaded papers: %s", out)
	}
}

func waitReady(t *testing.T, url string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s not ready after %v", url, limit)
}

func newTestLogger(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

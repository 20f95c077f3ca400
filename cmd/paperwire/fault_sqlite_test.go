package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/paperwire/paperwire/sqlite" // registers the "sqlite" driver
)

// lockHolderEnv makes this test binary, run again, a second process that
// holds SQLite's write lock (TestHelperHoldWriteLock).
const lockHolderEnv = "PAPERWIRE_TEST_HOLD_LOCK"

// TestHelperHoldWriteLock is not a test: run with PAPERWIRE_TEST_HOLD_LOCK=
// "DB HOLD GAP N" it opens DB and holds its write lock (BEGIN IMMEDIATE)
// for HOLD, N times, GAP apart, printing "held" each time it has it, like a
// long import's transactions in another process.
func TestHelperHoldWriteLock(t *testing.T) {
	spec := os.Getenv(lockHolderEnv)
	if spec == "" {
		t.Skip("helper process for TestSQLiteBusyWriter")
	}
	f := strings.Fields(spec)
	if len(f) != 4 {
		t.Fatalf("%s=%q: want DB HOLD GAP N", lockHolderEnv, spec)
	}
	path := f[0]
	hold, err1 := time.ParseDuration(f[1])
	gap, err2 := time.ParseDuration(f[2])
	n, err3 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("%s=%q: want DB HOLD GAP N", lockHolderEnv, spec)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		conn, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		fmt.Println("held")
		time.Sleep(hold)
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		time.Sleep(gap)
	}
}

// TestSQLiteBusyWriter: another process holding SQLite's write lock never
// makes serve answer 500. Reads go on (WAL), writes wait for the lock while
// it is held for less than the busy timeout (10 s) and succeed; held longer,
// a write is refused with 503 and Retry-After, and succeeds once it is free.
func TestSQLiteBusyWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary beside a second writer process")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	crawl := writeCrawl(t, tmp, 300)
	for _, args := range [][]string{
		{"import", "--data", data, "--no-train", crawl},
		{"user", "create", "--data", data, "--name", "ann", "--email", "ann@example.org"},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader("correct horse battery\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	out, err := exec.Command(bin, "user", "token", "--data", data, "--name", "ann").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))

	addr := freeAddr(t)
	var logs bytes.Buffer
	serve := exec.Command(bin, "serve", "--addr", addr, "--data", data, "--no-demo")
	serve.Env = append(os.Environ(), "PAPERWIRE_API_RATE=off", "PAPERWIRE_EMBEDDER=off")
	serve.Stdout, serve.Stderr = &logs, &logs
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)
	base := "http://" + addr

	// The second writer: three holds of 2 s, then one of 13 s, past the
	// busy timeout.
	holder := func(hold time.Duration, n int) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldWriteLock$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %s %s %d", lockHolderEnv, filepath.Join(data, "paperwire.db"), hold, 300*time.Millisecond, n))
		return cmd
	}
	type result struct {
		kind   string
		status int
		took   time.Duration
	}
	var mu sync.Mutex
	var results []result
	client := &http.Client{Timeout: 30 * time.Second}
	do := func(kind, method, path string) {
		req, _ := http.NewRequest(method, base+path, nil)
		if kind == "vote" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		st := 0
		if err == nil {
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				t.Errorf("%s %s: 503 without Retry-After", method, path)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			st = resp.StatusCode
		}
		mu.Lock()
		results = append(results, result{kind, st, time.Since(t0)})
		mu.Unlock()
	}
	run := func(phase string, h *exec.Cmd) (votes, reads []result) {
		mu.Lock()
		results = nil
		mu.Unlock()
		if out, err := h.CombinedOutput(); err != nil {
			t.Fatalf("%s: the lock holder failed: %v\n%s", phase, err, out)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, r := range results {
			if r.status == 0 || (r.status >= 500 && r.status != http.StatusServiceUnavailable) {
				t.Errorf("%s: a %s answered %d after %v", phase, r.kind, r.status, r.took)
			}
			if r.kind == "vote" {
				votes = append(votes, r)
			} else {
				reads = append(reads, r)
			}
		}
		return votes, reads
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 1; ctx.Err() == nil; i++ {
			id := fmt.Sprintf("2607.%05d", 1+i%300)
			method := http.MethodPost
			if i/300%2 == 1 {
				method = http.MethodDelete
			}
			do("vote", method, "/api/papers/"+id+"/upvote")
			time.Sleep(250 * time.Millisecond) // within a member's 120 writes a minute
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			do("read", http.MethodGet, fmt.Sprintf("/api/daily_papers?date=2026-07-01&limit=%d", 1+i%100))
			time.Sleep(50 * time.Millisecond)
		}
	}()

	votes, reads := run("short holds", holder(2*time.Second, 3))
	for _, v := range votes {
		if v.status != http.StatusOK {
			t.Errorf("short holds: a vote answered %d after %v; want it to wait for the lock", v.status, v.took)
		}
	}
	slowRead := time.Duration(0)
	for _, r := range reads {
		slowRead = max(slowRead, r.took)
	}
	t.Logf("short holds: %d votes, %d reads, slowest read %v", len(votes), len(reads), slowRead)
	if len(votes) == 0 || len(reads) == 0 {
		t.Fatal("no traffic during the holds")
	}

	votes, _ = run("a hold past the busy timeout", holder(13*time.Second, 1))
	refused := 0
	for _, v := range votes {
		if v.status == http.StatusServiceUnavailable {
			refused++
		}
	}
	t.Logf("a 13 s hold: %d votes, %d refused with 503", len(votes), refused)
	if refused == 0 {
		t.Error("no vote was refused while the lock was held past the busy timeout")
	}
	// Free again: writes succeed.
	time.Sleep(time.Second)
	mu.Lock()
	results = nil
	mu.Unlock()
	time.Sleep(2 * time.Second)
	cancel()
	wg.Wait()
	for _, r := range results {
		if r.status != http.StatusOK {
			t.Errorf("after the lock was released: a %s answered %d", r.kind, r.status)
		}
	}
	serve.Process.Signal(syscall.SIGTERM)
	serve.Wait()
	if t.Failed() {
		t.Logf("serve's log:\n%s", logs.String())
	}
}

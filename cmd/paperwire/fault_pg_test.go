package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/store"
)

// TestPostgresRestartUnderLoad: PostgreSQL restarted while serve answers
// reads and upvotes. While it is down, requests fail fast (well under the
// client's patience) with 503 and Retry-After, never 500; once it is back,
// requests succeed again without restarting serve; and every upvote that
// was answered 200 is in the database.
func TestPostgresRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary against a PostgreSQL it restarts")
	}
	cluster := pgtest.NewCluster(t)
	admin, err := sql.Open("pgx", cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE paperwire"); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	dbURL := cluster.DatabaseURL("paperwire")
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	const papers = 400
	tmp := t.TempDir()
	crawl := writeCrawl(t, tmp, papers)
	// cli runs a command with the store's flags after its words and before args.
	cli := func(stdin string, words []string, args ...string) string {
		t.Helper()
		args = append(append(words, "--database-url", dbURL, "--data", tmp+"/cli"), args...)
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("paperwire %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	cli("", []string{"import"}, "--no-train", crawl)
	cli("correct horse battery\n", []string{"user", "create"}, "--name", "ann", "--email", "ann@example.org")
	lines := strings.Split(cli("", []string{"user", "token"}, "--name", "ann"), "\n")
	token := lines[len(lines)-1]

	addr := freeAddr(t)
	var logs bytes.Buffer
	serve := exec.Command(bin, "serve", "--addr", addr, "--database-url", dbURL, "--data", tmp+"/serve", "--no-demo")
	serve.Env = append(os.Environ(), "PAPERWIRE_API_RATE=off", "PAPERWIRE_EMBEDDER=off")
	serve.Stdout, serve.Stderr = &logs, &logs
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer serve.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)
	base := "http://" + addr

	type result struct {
		at     time.Duration
		status int
		took   time.Duration
		vote   string // the paper upvoted, for upvotes
	}
	var (
		mu      sync.Mutex
		results []result
	)
	client := &http.Client{Timeout: 15 * time.Second}
	do := func(start time.Time, method, path, auth, vote string) {
		req, _ := http.NewRequest(method, base+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", "Bearer "+auth)
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		status := 0
		if err == nil {
			if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
				t.Errorf("%s %s: 503 without Retry-After", method, path)
			}
			if vote != "" && resp.StatusCode == http.StatusOK {
				var v struct{ Upvoted bool }
				if json.NewDecoder(resp.Body).Decode(&v) != nil || !v.Upvoted {
					t.Errorf("upvote %s answered 200 without upvoted", vote)
				}
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			status = resp.StatusCode
		}
		mu.Lock()
		results = append(results, result{at: t0.Sub(start), status: status, took: time.Since(t0), vote: vote})
		mu.Unlock()
	}

	const (
		downAt   = 2 * time.Second
		downFor  = 4 * time.Second
		loadTime = 14 * time.Second
	)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), loadTime)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { // upvotes, each paper once, fewer than a member's burst of writes
		defer wg.Done()
		for i := 1; ctx.Err() == nil && i <= papers; i++ {
			id := fmt.Sprintf("2607.%05d", i)
			do(start, http.MethodPost, "/api/papers/"+id+"/upvote", token, id)
			time.Sleep(150 * time.Millisecond) // within a member's 120 writes a minute

		}
	}()
	for w := 0; w < 2; w++ {
		go func() { // reads the page cache cannot answer
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				do(start, http.MethodGet, fmt.Sprintf("/papers/date/2026-07-01?p=%d&w=%d", 1+i%5, w), "", "")
				do(start, http.MethodGet, fmt.Sprintf("/api/daily_papers?date=2026-07-01&limit=%d", 1+i%100), "", "")
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	time.Sleep(downAt)
	cluster.Stop(t)
	stopped := time.Since(start)
	time.Sleep(downFor)
	cluster.Start(t)
	restarted := time.Since(start)
	wg.Wait()

	var during503, after200, afterFail, votes int
	var slowest time.Duration
	for _, r := range results {
		if r.status >= 500 && r.status != http.StatusServiceUnavailable || r.status == 0 {
			t.Errorf("at %v: status %d (took %v); want 503 at worst", r.at.Round(time.Millisecond), r.status, r.took)
		}
		if r.at >= stopped && r.at < restarted {
			slowest = max(slowest, r.took)
			if r.status == http.StatusServiceUnavailable {
				during503++
			}
		}
		if r.at >= restarted+2*time.Second {
			if r.status == http.StatusOK {
				after200++
			} else {
				afterFail++
				if afterFail <= 5 {
					t.Logf("at %v, after the restart: %d", r.at.Round(time.Millisecond), r.status)
				}
			}
		}
	}
	t.Logf("%d requests; down %v–%v: %d answered 503, slowest %v; from 2 s after the restart: %d ok, %d not",
		len(results), stopped.Round(time.Millisecond), restarted.Round(time.Millisecond), during503, slowest, after200, afterFail)
	if during503 == 0 {
		t.Error("no request was refused while the database was down")
	}
	if slowest > 3*time.Second {
		t.Errorf("a request took %v while the database was down; want a fast failure", slowest)
	}
	if after200 == 0 || afterFail > 0 {
		t.Errorf("after the restart: %d ok, %d failed; want recovery", after200, afterFail)
	}

	// Nothing acknowledged is lost.
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ps := store.NewPaperStore(db)
	for _, r := range results {
		if r.vote == "" || r.status != http.StatusOK {
			continue
		}
		votes++
		p, err := ps.Paper(context.Background(), r.vote)
		if err != nil || p.Upvotes != 1 {
			t.Errorf("upvote of %s was answered 200 but the database has %v upvotes (%v)", r.vote, p.Upvotes, err)
		}
	}
	t.Logf("%d acknowledged upvotes all stored", votes)
	serve.Process.Signal(syscall.SIGTERM)
	serve.Wait()
	if t.Failed() {
		t.Logf("serve's log:\n%s", logs.String())
	}
}

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// buildOnce builds ./cmd/paperwire once per test binary run.
var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "paperwire-e2e-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "paperwire")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/paperwire")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/paperwire: %w\n%s", err, out.String())
	}
	return bin, nil
})

// startServer returns the base URL of a running Paperwire: the one named by
// PAPERWIRE_E2E_URL, or the real binary started on a free port with a fresh
// data directory (and so the bundled demo corpus), stopped when the test ends.
func startServer(t *testing.T) string {
	t.Helper()
	if u := os.Getenv("PAPERWIRE_E2E_URL"); u != "" {
		return u
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	logPath := filepath.Join(t.TempDir(), "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", filepath.Join(t.TempDir(), "data"))
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) //nolint:errcheck // it may have exited already
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill() //nolint:errcheck // last resort
			<-exited
		}
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("server log:\n%s", tail(b, 4000))
			}
		}
	})

	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-exited:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("paperwire serve exited early: %v\n%s", err, tail(b, 4000))
		default:
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Logf("server ready at %s", base)
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server at %s not ready after 60 s (last error %v)", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freeAddr finds a free local port. The port is released before the server
// binds it; a clash with another process in that instant is possible but rare.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// httpGet fetches url, for cross-checking pages against the API.
func httpGet(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

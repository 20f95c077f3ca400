package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	return startServe(t, "server", 60*time.Second, nil, "--data", filepath.Join(t.TempDir(), "data")).Base
}

// serveProcess is a `paperwire serve` started by startServe.
type serveProcess struct {
	Name    string
	Base    string // http://host:port
	Cmd     *exec.Cmd
	LogPath string        // its stdout and stderr
	Done    chan struct{} // closed when it has exited
	Err     error         // its exit status, once Done is closed
}

// startServe starts the real binary as `serve --addr <free port> args...`,
// with env added to this process's environment, and waits up to ready for
// its /readyz to answer 200. When the test ends it is interrupted (killed
// if it has not exited 10 s later) and, if the test failed, its log's tail
// is logged under name.
func startServe(t *testing.T, name string, ready time.Duration, env []string, args ...string) *serveProcess {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(t.TempDir(), "serve.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// Port 0: the server picks a free port and logs it. A port found free
	// here and passed on could be taken by another test process in between,
	// and then this test would talk to that process's server.
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProcess{Name: name, Cmd: cmd, LogPath: logPath, Done: make(chan struct{})}
	go func() { p.Err = cmd.Wait(); close(p.Done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) //nolint:errcheck // it may have exited already
		select {
		case <-p.Done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill() //nolint:errcheck // last resort
			<-p.Done
		}
		logFile.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logPath); err == nil {
				t.Logf("%s log:\n%s", name, tail(b, 4000))
			}
		}
	})

	deadline := time.Now().Add(ready)
	for {
		select {
		case <-p.Done:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s: paperwire serve exited early: %v\n%s", name, p.Err, tail(b, 4000))
		default:
		}
		if p.Base == "" {
			p.Base = servingAddr(logPath)
		}
		err := errors.New("not listening yet")
		var resp *http.Response
		if p.Base != "" {
			resp, err = http.Get(p.Base + "/readyz")
		}
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				t.Logf("%s ready at %s", name, p.Base)
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s at %s not ready after %s (last error %v)", name, p.Base, ready, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// servingRe finds the address serve logs once it listens.
var servingRe = regexp.MustCompile(`msg=serving addr=(http://[0-9.:]+)`)

// servingAddr is the base URL the serve process logging to logPath listens
// on, or "" before it says.
func servingAddr(logPath string) string {
	b, _ := os.ReadFile(logPath)
	if m := servingRe.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
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

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigPage is one of the demo's largest cheap answers, about 330 KB.
const bigPage = "/api/daily_papers?limit=100"

// pipelined is how many requests for bigPage a test connection sends at
// once: about 10 MB of answers, more than the kernel's socket buffers on
// both ends hold (loopback's send buffer grows to 4 MB), so the server is
// surely blocked in a Write on it until the client reads.
const pipelined = 30

// dialTiny opens a TCP connection with a small receive buffer (set before
// connect, so the advertised window stays small) and sends n pipelined GETs
// for target without reading anything.
func dialTiny(t *testing.T, addr, target string, n int) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) { serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1024) })
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	req := strings.Repeat("GET "+target+" HTTP/1.1\r\nHost: "+addr+"\r\n\r\n", n)
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestServeShutdownCutsStuckReader (issue 15): SIGTERM with a client that
// never reads its response used to wait the whole shutdown timeout and exit
// 1. Now serve drains for a bounded time, cuts what is left, logs how many
// connections it cut and exits 0; a request in flight whose client does read
// within the drain still gets its whole answer.
func TestServeShutdownCutsStuckReader(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary and waits out the shutdown drain")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir, addr := t.TempDir(), freeAddr(t)
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--data", dir)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)

	dialTiny(t, addr, bigPage, pipelined)         // never read
	slow := dialTiny(t, addr, bigPage, pipelined) // read only after SIGTERM
	// Let the server fill both sockets' buffers and block writing to them.
	time.Sleep(time.Second)

	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// The request in flight on the connection whose client does read
	// completes whole; then the server, shutting down, closes it rather
	// than answer the rest of the pipeline.
	slow.SetReadDeadline(time.Now().Add(8 * time.Second))
	br := bufio.NewReader(slow)
	answered := 0
	for ; ; answered++ {
		if _, err := br.Peek(1); err == io.EOF && answered > 0 {
			break // closed cleanly between answers
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("response %d on the reading connection: %v\n%s", answered+1, err, waitLogs(cmd, done, &logs))
		}
		var items []json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&items)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(items) != 100 {
			t.Fatalf("response %d on the reading connection: status %d, %d items, %v", answered+1, resp.StatusCode, len(items), err)
		}
	}
	if answered >= pipelined {
		t.Fatalf("all %d pipelined requests answered: none was in flight at SIGTERM", answered)
	}
	t.Logf("reading connection: %d of %d pipelined answers, the last in flight at SIGTERM", answered, pipelined)

	select {
	case err := <-done:
		took := time.Since(sent)
		if err != nil {
			t.Fatalf("serve exited with %v %v after SIGTERM:\n%s", err, took, logs.String())
		}
		if took > 12*time.Second {
			t.Errorf("shutdown took %v, want it bounded by ~10s", took)
		}
		t.Logf("exited 0 %v after SIGTERM", took.Round(time.Millisecond))
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop within 20s of SIGTERM:\n%s", logs.String())
	}
	out := logs.String()
	if !strings.Contains(out, "closed connections still open after the drain") || !strings.Contains(out, "connections=1") {
		t.Errorf("logs do not say one connection was cut:\n%s", out)
	}
	if !strings.Contains(out, "write_error=") {
		t.Errorf("the cut response is not logged with its write error:\n%s", out)
	}
}

// waitLogs stops the server cmd if it still runs and returns its logs,
// which are safe to read only once it has exited (done).
func waitLogs(cmd *exec.Cmd, done <-chan error, logs *bytes.Buffer) string {
	cmd.Process.Kill()
	<-done
	return logs.String()
}

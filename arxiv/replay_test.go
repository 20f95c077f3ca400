package arxiv

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// step is one scripted answer of the replay server.
type step struct {
	query  map[string]string // query parameters the request must carry
	status int               // 0 means 200
	header map[string]string
	file   string // body from testdata/…
	body   string // or a literal body
	// fault: "reset" closes the connection without answering (RST); "truncate"
	// sends half of a Content-Length body; "cut" sends half a body delimited by
	// the connection's close, so only the XML parser can tell it is incomplete.
	fault string
}

// replay is an httptest server that answers requests with a script, in
// order, and records what it was asked.
type replay struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	steps []step
	reqs  []*http.Request
}

func newReplay(t *testing.T, steps ...step) *replay {
	t.Helper()
	r := &replay{t: t, steps: steps}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *replay) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	n := len(r.reqs)
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	if n >= len(r.steps) {
		r.t.Errorf("unexpected request %d: %s", n+1, req.URL)
		http.Error(w, "no more steps", http.StatusGone)
		return
	}
	s := r.steps[n]
	for k, v := range s.query {
		if got := req.URL.Query().Get(k); got != v {
			r.t.Errorf("request %d: %s=%q, want %q (%s)", n+1, k, got, v, req.URL.RawQuery)
		}
	}
	body := []byte(s.body)
	if s.file != "" {
		var err error
		if body, err = os.ReadFile(filepath.Join("testdata", s.file)); err != nil {
			r.t.Fatal(err)
		}
	}
	switch s.fault {
	case "reset":
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			r.t.Fatal(err)
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // send RST, not FIN
		}
		conn.Close()
		return
	case "truncate", "cut":
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			r.t.Fatal(err)
		}
		if s.fault == "truncate" {
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n", len(body))
		} else {
			fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n")
		}
		buf.Write(body[:len(body)/2])
		buf.Flush()
		conn.Close()
		return
	}
	for k, v := range s.header {
		w.Header().Set(k, v)
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "text/xml")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if s.status != 0 {
		w.WriteHeader(s.status)
	}
	w.Write(body)
}

// requests returns the recorded requests' queries.
func (r *replay) requests() []url.Values {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []url.Values
	for _, q := range r.reqs {
		out = append(out, q.URL.Query())
	}
	return out
}

func (r *replay) done() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.reqs) != len(r.steps) {
		r.t.Errorf("server answered %d requests, script has %d steps", len(r.reqs), len(r.steps))
	}
}

// sleeps records the waits a client asked for instead of waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = append(s.d, d)
	return ctx.Err()
}

func (s *sleeps) waits(min time.Duration) []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, d := range s.d {
		if d >= min {
			out = append(out, d)
		}
	}
	return out
}

// testOptions makes a client fast: no real waits, waits recorded in s.
func testOptions(s *sleeps) Options {
	return Options{Delay: time.Millisecond, Backoff: 100 * time.Millisecond, MaxRetries: 3, Sleep: s.sleep}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

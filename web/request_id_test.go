package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/web"
)

// failingRelated is a titleSearcher whose "Related papers" fail, so a paper
// page logs a warning of its own besides the request line.
type failingRelated struct{ titleSearcher }

func (failingRelated) Related(context.Context, string, int) ([]*paperwire.Paper, error) {
	return nil, errors.New("related: index unavailable")
}

// syncBuffer is a log destination written from the handler's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, line)
		}
		out = append(out, m)
	}
	b.buf.Reset()
	return out
}

// TestRequestID: every response carries X-Request-Id, a sane one sent by
// the client or a proxy is kept, anything else is replaced, and every line
// logged while serving the request carries the same id.
func TestRequestID(t *testing.T) {
	store := newStore(t)
	var logs syncBuffer
	h := newServer(t, store, func(c *web.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
		c.Searcher = failingRelated{titleSearcher{store}}
		c.CacheTTL = -1
	})

	req := httptest.NewRequest(http.MethodGet, "/papers/2607.00004", nil)
	req.Header.Set("X-Request-Id", "edge-42.abc")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	wantStatus(t, w, http.StatusOK)
	if got := w.Header().Get("X-Request-Id"); got != "edge-42.abc" {
		t.Errorf("X-Request-Id %q, want the client's", got)
	}
	lines := logs.lines(t)
	if len(lines) < 2 {
		t.Fatalf("want the warning and the request line, got %v", lines)
	}
	for _, l := range lines {
		if l["request_id"] != "edge-42.abc" {
			t.Errorf("log line %q has request_id %v", l["msg"], l["request_id"])
		}
	}

	seen := map[string]bool{}
	for _, sent := range []string{"", "two words", strings.Repeat("a", 200), `x" level=ERROR`} {
		req := httptest.NewRequest(http.MethodGet, "/api/daily_papers?date=nope", nil)
		if sent != "" {
			req.Header.Set("X-Request-Id", sent)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		id := w.Header().Get("X-Request-Id")
		if id == "" || id == sent || len(id) != 26 || seen[id] {
			t.Errorf("sent %q: got id %q", sent, id)
		}
		seen[id] = true
		for _, l := range logs.lines(t) {
			if l["request_id"] != id {
				t.Errorf("sent %q: log line %q has request_id %v, want %q", sent, l["msg"], l["request_id"], id)
			}
		}
	}
}

// TestRequestIDReadableCrossOrigin: a script on another site can read an
// API answer's X-Request-Id and ETag, and may send them back.
func TestRequestIDReadableCrossOrigin(t *testing.T) {
	h := newServer(t, newStore(t))
	w := get(t, h, "/api/daily_papers?date="+dayWed)
	if got := w.Header().Get("Access-Control-Expose-Headers"); !strings.Contains(got, "X-Request-Id") || !strings.Contains(got, "ETag") {
		t.Errorf("Access-Control-Expose-Headers %q", got)
	}
	req := httptest.NewRequest(http.MethodOptions, "/api/daily_papers", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "if-none-match, x-request-id")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if got := w.Header().Get("Access-Control-Allow-Headers"); !strings.Contains(got, "If-None-Match") || !strings.Contains(got, "X-Request-Id") {
		t.Errorf("preflight Access-Control-Allow-Headers %q", got)
	}
}

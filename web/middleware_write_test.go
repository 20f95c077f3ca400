package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// failingWriter accepts limit bytes of body, then fails every Write the way
// a connection past its write deadline does.
type failingWriter struct {
	*httptest.ResponseRecorder
	limit int
}

var errCut = errors.New("write tcp: i/o timeout")

func (w *failingWriter) Write(b []byte) (int, error) {
	room := w.limit - w.Body.Len()
	if room >= len(b) {
		return w.ResponseRecorder.Write(b)
	}
	if room > 0 {
		w.ResponseRecorder.Write(b[:room])
	} else {
		room = 0
	}
	return room, errCut
}

// TestCutResponseIsLogged: a response cut mid-body (the write timeout, a
// client gone) is logged with the write error and the bytes actually
// written, not as a complete 200 of its full size.
func TestCutResponseIsLogged(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 1000)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range 10 { // handlers commonly ignore Write errors
			w.Write(body)
		}
	})
	for _, c := range []struct {
		name      string
		limit     int
		wantBytes string
		wantErr   bool
	}{
		{"complete", 1 << 20, "bytes=10000", false},
		{"cut", 2500, "bytes=2500", true},
		{"cut at once", 0, "bytes=0", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var log strings.Builder
			s := &Server{logger: slog.New(slog.NewTextHandler(&log, nil)), now: time.Now}
			w := &failingWriter{ResponseRecorder: httptest.NewRecorder(), limit: c.limit}
			s.middleware(handler).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/daily_papers", nil))
			line := log.String()
			if strings.Count(line, "\n") != 1 || !strings.Contains(line, `msg="http request"`) {
				t.Fatalf("want one request log line, got:\n%s", line)
			}
			fields := strings.Fields(line)
			if !slices.Contains(fields, "status=200") || !slices.Contains(fields, c.wantBytes) {
				t.Errorf("log line lacks status=200 and %s:\n%s", c.wantBytes, line)
			}
			hasErr := strings.Contains(line, `write_error="write tcp: i/o timeout"`)
			if hasErr != c.wantErr {
				t.Errorf("write_error logged = %v, want %v:\n%s", hasErr, c.wantErr, line)
			}
			if c.wantErr && !strings.Contains(line, "level=WARN") {
				t.Errorf("a cut response is not logged as a warning:\n%s", line)
			}
			if !c.wantErr && !strings.Contains(line, "level=INFO") {
				t.Errorf("a complete response is not logged at INFO:\n%s", line)
			}
		})
	}
}

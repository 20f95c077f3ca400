package reqlog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/internal/reqlog"
)

func TestJSONLinesCarryTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	log, err := reqlog.New(&buf, "json", slog.LevelInfo)
	if err != nil {
		t.Fatal(err)
	}
	ctx := reqlog.WithID(context.Background(), "req-1")
	log.InfoContext(ctx, "inside", "k", 1)
	log.With("component", "x").WarnContext(ctx, "derived logger")
	log.Info("outside")
	// Wrapping again must not add the id twice.
	slog.New(reqlog.Handler(log.Handler())).InfoContext(ctx, "wrapped twice")

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines: %q", len(lines), buf.String())
	}
	want := []string{"req-1", "req-1", "", "req-1"}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i, err, line)
		}
		got, _ := m["request_id"].(string)
		if got != want[i] {
			t.Errorf("line %d: request_id %q, want %q", i, got, want[i])
		}
		if strings.Count(line, `"request_id"`) > 1 {
			t.Errorf("line %d repeats request_id: %s", i, line)
		}
	}
}

func TestFormats(t *testing.T) {
	var buf bytes.Buffer
	for _, f := range []string{"", "text"} {
		buf.Reset()
		log, err := reqlog.New(&buf, f, slog.LevelInfo)
		if err != nil {
			t.Fatal(err)
		}
		log.InfoContext(reqlog.WithID(context.Background(), "abc"), "hello")
		if !strings.Contains(buf.String(), "request_id=abc") || strings.HasPrefix(buf.String(), "{") {
			t.Errorf("format %q: %q", f, buf.String())
		}
	}
	if _, err := reqlog.New(&buf, "xml", slog.LevelInfo); err == nil || !strings.Contains(err.Error(), "PAPERWIRE_LOG_FORMAT") {
		t.Errorf("format xml: %v", err)
	}
}

func TestSane(t *testing.T) {
	for _, id := range []string{"a", "0f8fad5b-d9cb-469f-a165-70867728950e", "Root=1-67891233-abcdef012345678912345678", strings.Repeat("x", 128)} {
		if !reqlog.Sane(id) {
			t.Errorf("Sane(%q) = false", id)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 129), "a b", "a\nlevel=ERROR", `a"b`, "<script>", "ü"} {
		if reqlog.Sane(id) {
			t.Errorf("Sane(%q) = true", id)
		}
	}
	if a, b := reqlog.NewID(), reqlog.NewID(); a == b || !reqlog.Sane(a) || len(a) != 26 {
		t.Errorf("NewID: %q, %q", a, b)
	}
}

// FuzzSane: whatever a client sends, an id kept is short and cannot break
// out of a log field (no space, quote, newline, equals-less control).
func FuzzSane(f *testing.F) {
	for _, s := range []string{"abc", "a b", "x\"y", "Root=1-2-3", strings.Repeat("z", 200), "\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if !reqlog.Sane(id) {
			return
		}
		if len(id) == 0 || len(id) > 128 || strings.ContainsAny(id, " \t\r\n\"'\\<>&") {
			t.Fatalf("Sane(%q) = true", id)
		}
		var buf bytes.Buffer
		log, _ := reqlog.New(&buf, "text", slog.LevelInfo)
		log.InfoContext(reqlog.WithID(context.Background(), id), "m")
		line := buf.String()
		if strings.Count(line, "\n") != 1 || !(strings.HasSuffix(line, " request_id="+id+"\n") || strings.HasSuffix(line, ` request_id="`+id+"\"\n")) {
			t.Fatalf("id %q logged as %q", id, line)
		}
	})
}

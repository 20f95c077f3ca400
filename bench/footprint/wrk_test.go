package main

import (
	"os"
	"strings"
	"testing"
)

// TestParseWrk reads wrk 4.1's reports: a run of a rate-limited server
// (testdata/wrk-non2xx.txt, recorded: 429s counted as failed), a clean run,
// and socket errors, which wrk counts apart from its requests.
func TestParseWrk(t *testing.T) {
	limited, err := os.ReadFile("testdata/wrk-non2xx.txt")
	if err != nil {
		t.Fatal(err)
	}
	clean := "Running 8s test @ http://127.0.0.1:8391\n  2 threads and 16 connections\n" +
		"  22197 requests in 10.02s, 730.41MB read\nRequests/sec:   2215.52\nTransfer/sec:     72.90MB\n"
	sockets := strings.Replace(clean, "Requests/sec", "  Socket errors: connect 1, read 3, write 0, timeout 12\nRequests/sec", 1)
	for _, c := range []struct {
		name    string
		out     string
		ok, bad int
	}{
		{"limited", string(limited), 81, 67553},
		{"clean", clean, 22197, 0},
		{"sockets", sockets, 22197, 16},
	} {
		ok, bad, err := parseWrk([]byte(c.out))
		if err != nil || ok != c.ok || bad != c.bad {
			t.Errorf("%s: %d ok, %d bad, %v; want %d, %d", c.name, ok, bad, err, c.ok, c.bad)
		}
	}
	if _, _, err := parseWrk([]byte("unable to connect to 127.0.0.1:1 Connection refused\n")); err == nil {
		t.Error("a report without a request count parsed")
	}
}

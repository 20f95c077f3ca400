package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestServeMetricsAndJSONLogs runs the real binary with --metrics-addr and
// PAPERWIRE_LOG_FORMAT=json: /metrics is served on its own listener only,
// parses with Prometheus's text parser and holds the request, search, index
// lag, database pool and process metrics; every log line is JSON, and the
// request line carries the X-Request-Id the client sent.
func TestServeMetricsAndJSONLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dir, addr, maddr := t.TempDir(), freeAddr(t), freeAddr(t)
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--metrics-addr", maddr, "--data", dir)
	cmd.Env = append(os.Environ(), "PAPERWIRE_NO_DEMO=1", "PAPERWIRE_LOG_FORMAT=json")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitReady(t, "http://"+addr+"/readyz", 60*time.Second)

	req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	req.Header.Set("X-Request-Id", "probe-7")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "probe-7" {
		t.Errorf("X-Request-Id %q", got)
	}
	for _, u := range []string{"http://" + addr + "/search?q=graph", "http://" + addr + "/metrics"} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if u == "http://"+addr+"/metrics" && resp.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics on the public address: %d, want 404 with --metrics-addr", resp.StatusCode)
		}
	}

	resp, err = http.Get("http://" + maddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	has := func(name string, want map[string]string) *dto.Metric {
		t.Helper()
		for _, m := range fams[name].GetMetric() {
			ok := true
			for k, v := range want {
				found := false
				for _, l := range m.GetLabel() {
					found = found || (l.GetName() == k && l.GetValue() == v)
				}
				ok = ok && found
			}
			if ok {
				return m
			}
		}
		t.Errorf("no %s%v in the scrape; it has %v", name, want, fams[name])
		return nil
	}
	if m := has("paperwire_http_requests_total", map[string]string{"route": "GET /{$}", "code": "200"}); m != nil && m.GetCounter().GetValue() != 1 {
		t.Errorf("home page counted %v times", m.GetCounter().GetValue())
	}
	has("paperwire_search_duration_seconds", map[string]string{"mode": "hybrid", "kind": "search"}) // semantic search is on by default
	if m := has("paperwire_search_index_lag_changes", nil); m != nil && m.GetGauge().GetValue() != 0 {
		t.Errorf("index lag %v on an idle server", m.GetGauge().GetValue())
	}
	has("go_sql_open_connections", nil)
	has("go_sql_wait_count_total", nil)
	has("process_resident_memory_bytes", nil)
	has("paperwire_import_papers_total", nil)
	if m := has("paperwire_mail_outbox_depth", nil); m != nil && m.GetGauge().GetValue() != 0 {
		t.Errorf("outbox depth %v on a server that queued no mail; -1 means the database was not asked", m.GetGauge().GetValue())
	}

	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve: %v\n%s", err, logs.String())
	}
	sawProbe := false
	sc := bufio.NewScanner(&logs)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("a log line is not JSON: %s", sc.Text())
		}
		sawProbe = sawProbe || (line["msg"] == "http request" && line["request_id"] == "probe-7" && line["path"] == "/")
	}
	if !sawProbe {
		t.Errorf("no request line with request_id probe-7:\n%s", logs.String())
	}
}

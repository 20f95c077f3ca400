package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/paperwire/paperwire/internal/metrics"
	"github.com/paperwire/paperwire/web"
)

// scrape GETs /metrics from h and parses it with Prometheus's own text parser.
func scrape(t *testing.T, h http.Handler) map[string]*dto.MetricFamily {
	t.Helper()
	w := get(t, h, "/metrics")
	wantStatus(t, w, http.StatusOK)
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("/metrics Cache-Control %q", cc)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// labels is a metric's labels as a map.
func labels(m *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, l := range m.GetLabel() {
		out[l.GetName()] = l.GetValue()
	}
	return out
}

// TestMetricsScrape: /metrics is in the Prometheus text format; requests are
// counted by route pattern (hundreds of distinct raw paths make a handful of
// series), searches by mode, and the Go runtime's and process's metrics are
// there.
func TestMetricsScrape(t *testing.T) {
	store := newStore(t)
	m := metrics.New()
	h := newServer(t, store, func(c *web.Config) {
		c.Metrics, c.ServeMetrics, c.SearchMode = m, true, "keyword"
		c.Searcher = titleSearcher{store}
	})
	for i := 0; i < 50; i++ {
		get(t, h, fmt.Sprintf("/papers/date/2026-07-%02d", i%28+1))
		get(t, h, fmt.Sprintf("/no/such/page/%d", i))
		get(t, h, fmt.Sprintf("/api/papers/%d.%05d", 2600+i, i))
		get(t, h, fmt.Sprintf("/search?q=word%d", i))
	}
	get(t, h, "/papers/2607.00004")

	fams := scrape(t, h)
	reqs := fams["paperwire_http_requests_total"]
	if reqs == nil {
		t.Fatal("no paperwire_http_requests_total")
	}
	counts := map[string]float64{}
	for _, s := range reqs.GetMetric() {
		l := labels(s)
		if strings.Contains(l["route"], "/no/such") || strings.Contains(l["route"], "2026-07") {
			t.Errorf("a raw path became a label: %v", l)
		}
		counts[l["route"]+" "+l["code"]] += s.GetCounter().GetValue()
	}
	if len(reqs.GetMetric()) > 12 {
		t.Errorf("%d request series for 201 requests; want a handful", len(reqs.GetMetric()))
	}
	for key, want := range map[string]float64{
		"GET /papers/date/{date} 200": 28 + 22, // days without papers are still pages
		"/ 404":                       50,
		"GET /search 200":             50,
	} {
		if counts[key] != want {
			t.Errorf("requests %q = %v, want %v (all: %v)", key, counts[key], want, counts)
		}
	}
	if n := counts["GET /api/papers/{id...} 400"] + counts["GET /api/papers/{id...} 404"]; n != 50 {
		t.Errorf("API paper requests counted %v, want 50", n)
	}
	dur := fams["paperwire_http_request_duration_seconds"]
	if dur == nil || dur.GetType() != dto.MetricType_HISTOGRAM {
		t.Fatalf("request durations: %v", dur)
	}

	var searches, related uint64
	for _, s := range fams["paperwire_search_duration_seconds"].GetMetric() {
		l := labels(s)
		if l["mode"] != "keyword" {
			t.Errorf("search mode label %v", l)
		}
		switch l["kind"] {
		case "search":
			searches += s.GetHistogram().GetSampleCount()
		case "related":
			related += s.GetHistogram().GetSampleCount()
		}
	}
	if searches != 50 || related != 1 {
		t.Errorf("searches timed %d, related %d; want 50 and 1", searches, related)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "process_open_fds", "paperwire_mail_outbox_depth"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
}

// TestMetricsNotServedUnlessAsked: with ServeMetrics off (serve with
// --metrics-addr) the site has no /metrics, though it still records.
func TestMetricsNotServedUnlessAsked(t *testing.T) {
	m := metrics.New()
	h := newServer(t, newStore(t), func(c *web.Config) { c.Metrics = m })
	wantStatus(t, get(t, h, "/metrics"), http.StatusNotFound)
	w := get(t, h, "/")
	wantStatus(t, w, http.StatusOK)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `paperwire_http_requests_total{code="200",method="GET",route="GET /{$}"} 1`) {
		t.Errorf("the home page was not counted:\n%s", rec.Body.String())
	}
}

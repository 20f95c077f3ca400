package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/paperwire/paperwire/internal/metrics"
)

func scrape(t *testing.T, m *metrics.Metrics) map[string]float64 {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for name, f := range fams {
		for _, s := range f.GetMetric() {
			key := name
			for _, l := range s.GetLabel() {
				key += " " + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case s.Counter != nil:
				out[key] = s.GetCounter().GetValue()
			case s.Gauge != nil:
				out[key] = s.GetGauge().GetValue()
			}
		}
	}
	return out
}

// TestHarvestProgressCountsDeltas: the harvester reports running totals per
// run; the counters grow by what is new, and a new run starts from zero.
func TestHarvestProgressCountsDeltas(t *testing.T) {
	m := metrics.New()
	m.HarvestProgress("cs", 1, 100, 80)
	m.HarvestProgress("cs", 2, 250, 200)
	m.HarvestProgress("cs", 1, 30, 10) // the next run
	m.HarvestProgress("math", 1, 5, 5)
	got := scrape(t, m)
	for key, want := range map[string]float64{
		"paperwire_harvest_pages_total set=cs":            3,
		"paperwire_harvest_records_total set=cs":          280,
		"paperwire_harvest_papers_written_total set=cs":   210,
		"paperwire_harvest_records_total set=math":        5,
		"paperwire_mail_outbox_depth":                     0,
		"paperwire_import_papers_total":                   0,
		"paperwire_harvest_papers_written_total set=math": 5,
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
}

// TestOutboxAndLag: the func-based gauges ask at every scrape.
func TestOutboxAndLag(t *testing.T) {
	m := metrics.New()
	depth, lag := 0.0, int64(7)
	m.SetOutboxDepth(func() float64 { return depth })
	m.WatchIndexLag(func() (int64, error) { return lag, nil })
	depth = 12
	got := scrape(t, m)
	if got["paperwire_mail_outbox_depth"] != 12 || got["paperwire_search_index_lag_changes"] != 7 {
		t.Errorf("outbox %v, lag %v", got["paperwire_mail_outbox_depth"], got["paperwire_search_index_lag_changes"])
	}
	m.AddImported(3)
	m.ObserveRequest("", "BREW", 418, 0)
	got = scrape(t, m)
	if got["paperwire_import_papers_total"] != 3 {
		t.Errorf("imported %v", got["paperwire_import_papers_total"])
	}
	if got["paperwire_http_requests_total code=418 method=other route=unmatched"] != 1 {
		var keys []string
		for k := range got {
			if strings.HasPrefix(k, "paperwire_http") {
				keys = append(keys, k)
			}
		}
		t.Errorf("odd method and no route: %v", keys)
	}
	var nilMetrics *metrics.Metrics // records nothing, and does not panic
	nilMetrics.ObserveRequest("/", "GET", 200, 0)
	nilMetrics.HarvestProgress("cs", 1, 1, 1)
	nilMetrics.SetOutboxDepth(func() float64 { return 1 })
}

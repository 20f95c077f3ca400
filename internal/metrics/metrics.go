// Package metrics keeps Paperwire's Prometheus metrics in one registry of
// the official client library (prometheus/client_golang) and serves them in
// the Prometheus text format. The web server records requests and searches,
// the serve command registers what only it knows of (the database pools,
// the search index's lag, harvests, the mail outbox), and Handler serves
// /metrics.
//
// Every label is bounded: routes are the router's patterns, never raw
// paths; methods outside the standard ones are "other"; harvest sets come
// from the configuration.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one process's metrics. The zero value is not usable; call New.
// A nil *Metrics records nothing, so callers need no checks.
type Metrics struct {
	reg *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	searches *prometheus.HistogramVec

	harvestPages   *prometheus.CounterVec
	harvestRead    *prometheus.CounterVec
	harvestWritten *prometheus.CounterVec
	imported       prometheus.Counter

	outbox atomic.Pointer[func() float64]

	harvestMu   sync.Mutex
	harvestLast map[string][2]int // set → read and written so far in its current run
}

// latencyBuckets span a cached page (well under a millisecond) to a slow
// search or a busy database (seconds).
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// New builds the metrics with the Go runtime's and the process's own (memory,
// goroutines, open files, CPU) beside Paperwire's.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), harvestLast: map[string][2]int{}}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "paperwire_http_requests_total",
		Help: "HTTP requests answered, by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "paperwire_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route pattern and method.",
		Buckets: latencyBuckets,
	}, []string{"route", "method"})
	m.searches = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "paperwire_search_duration_seconds",
		Help:    "Time a search took, by search mode (keyword or hybrid), kind (search or related) and result (ok or error).",
		Buckets: latencyBuckets,
	}, []string{"mode", "kind", "result"})
	m.harvestPages = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "paperwire_harvest_pages_total",
		Help: "OAI-PMH pages harvested and committed, by set.",
	}, []string{"set"})
	m.harvestRead = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "paperwire_harvest_records_total",
		Help: "OAI-PMH records read by harvests, by set.",
	}, []string{"set"})
	m.harvestWritten = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "paperwire_harvest_papers_written_total",
		Help: "Papers harvests stored new or updated, by set.",
	}, []string{"set"})
	m.imported = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "paperwire_import_papers_total",
		Help: "Papers added to the database by imports this process ran (the demo load at the first start).",
	})
	m.reg.MustRegister(m.requests, m.duration, m.searches, m.harvestPages, m.harvestRead, m.harvestWritten, m.imported,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "paperwire_mail_outbox_depth",
			Help: "Mail messages waiting to be sent (0 when mail is not set up).",
		}, func() float64 {
			if f := m.outbox.Load(); f != nil {
				return (*f)()
			}
			return 0
		}),
	)
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Registry is where further collectors may be registered.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveRequest counts one answered request. route is the pattern that
// matched it ("" when none did).
func (m *Metrics) ObserveRequest(route, method string, code int, took time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	method = normalMethod(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(code)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

func normalMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// ObserveSearch records one search of kind "search" or "related" in mode.
func (m *Metrics) ObserveSearch(mode, kind string, took time.Duration, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.searches.WithLabelValues(mode, kind, result).Observe(took.Seconds())
}

// HarvestProgress takes a harvest's running totals after each committed page
// (ingest.Harvester.Progress) and counts what is new since the last one: a
// page number that does not grow starts a new run.
func (m *Metrics) HarvestProgress(set string, page, read, written int) {
	if m == nil {
		return
	}
	m.harvestMu.Lock()
	defer m.harvestMu.Unlock()
	last := m.harvestLast[set]
	if page <= 1 || read < last[0] || written < last[1] {
		last = [2]int{}
	}
	m.harvestPages.WithLabelValues(set).Inc()
	m.harvestRead.WithLabelValues(set).Add(float64(read - last[0]))
	m.harvestWritten.WithLabelValues(set).Add(float64(written - last[1]))
	m.harvestLast[set] = [2]int{read, written}
}

// AddImported counts n papers added by an import.
func (m *Metrics) AddImported(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.imported.Add(float64(n))
}

// WatchPools reports each pool's sql.DBStats (open, in use and idle
// connections, waits and the time spent waiting) labelled db_name=name.
func (m *Metrics) WatchPools(pools map[string]*sql.DB) {
	for name, db := range pools {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

// WatchIndexLag reports how many changes the search index is behind the
// database's change sequence, asking lag at every scrape. An error reports -1.
func (m *Metrics) WatchIndexLag(lag func() (int64, error)) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "paperwire_search_index_lag_changes",
		Help: "Changes in the database's change sequence the search index has not applied yet (-1: unknown).",
	}, func() float64 {
		n, err := lag()
		if err != nil {
			return -1
		}
		return float64(n)
	}))
}

// SetOutboxDepth sets how paperwire_mail_outbox_depth is measured: depth is
// asked at every scrape. Mail calls it when it starts.
func (m *Metrics) SetOutboxDepth(depth func() float64) {
	if m == nil {
		return
	}
	m.outbox.Store(&depth)
}

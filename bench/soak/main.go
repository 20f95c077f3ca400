// Command soak runs mixed traffic against a running Paperwire at a fixed
// rate for a fixed time, and samples the server's memory, goroutines and
// open files as it goes: what a long-running server does under steady load.
//
//	go run ./bench/soak -url http://127.0.0.1:8080 -pid $(pidof paperwire) -rate 500 -d 10m -tokens tokens.txt
//
// The mix: list pages (day, week, month, trending, home), paper pages, searches
// of varied words taken from the corpus's titles (pages and API), the JSON
// API, and the writes that exist: upvotes and their removal with API tokens,
// and submissions. It is open-loop: requests start on schedule whether or
// not earlier ones have finished (at most -inflight at once; past that a
// request is counted as dropped), so a slow server shows as latency and
// drops, not as a lower rate. Loopback addresses only: it is a test of a
// local server, never of anyone else's.
//
// Run serve with PAPERWIRE_API_RATE=off: one address making hundreds of API
// requests a second is what the per-client limit exists to refuse.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's `address` (loopback only)")
	rate := flag.Float64("rate", 100, "requests a second")
	dur := flag.Duration("d", time.Minute, "how long to run")
	warm := flag.Duration("warmup", 30*time.Second, "start of the run left out of the RSS growth figure")
	every := flag.Duration("sample", 10*time.Second, "how often to sample the server")
	pid := flag.Int("pid", 0, "the server's process id, for RSS and open files from /proc (0: from /metrics only)")
	tokensFile := flag.String("tokens", "", "file of API tokens, one a line, for upvotes and submissions (none: no writes)")
	inflight := flag.Int("inflight", 512, "most requests in flight at once")
	seed := flag.Uint64("seed", 1, "random seed for the mix")
	flag.Parse()
	if err := loopbackOnly(*base); err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
	if *rate <= 0 || *rate > 5000 || *dur <= 0 || *dur > 2*time.Hour {
		fmt.Fprintln(os.Stderr, "soak: want 0 < -rate ≤ 5000 and 0 < -d ≤ 2h")
		os.Exit(2)
	}
	var tokens []string
	if *tokensFile != "" {
		var err error
		if tokens, err = readLines(*tokensFile); err != nil {
			fmt.Fprintln(os.Stderr, "soak:", err)
			os.Exit(1)
		}
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: *inflight, DisableCompression: true,
	}}
	corpus, err := loadCorpus(client, *base)
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
	fmt.Printf("soak: %s, %.0f req/s for %v; %d papers, %d days, %d title words, %d tokens\n",
		*base, *rate, *dur, len(corpus.ids), len(corpus.days), len(corpus.words), len(tokens))

	mix := newMix(corpus, tokens, *seed)
	stats := newStats()
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()

	var samples []sample
	var sampleMu sync.Mutex
	sampler := sync.WaitGroup{}
	sampler.Add(1)
	start := time.Now()
	go func() {
		defer sampler.Done()
		t := time.NewTicker(*every)
		defer t.Stop()
		for {
			s := takeSample(client, *base, *pid, time.Since(start))
			sampleMu.Lock()
			samples = append(samples, s)
			sampleMu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()

	slots := make(chan struct{}, *inflight)
	var running sync.WaitGroup
	var dropped atomic.Int64
	interval := time.Duration(float64(time.Second) / *rate)
	next := time.Now()
	for ctx.Err() == nil {
		next = next.Add(interval)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
		req := mix.next()
		select {
		case slots <- struct{}{}:
		default:
			dropped.Add(1)
			continue
		}
		running.Add(1)
		go func() {
			defer running.Done()
			defer func() { <-slots }()
			stats.record(req.class, do(client, *base, req))
		}()
	}
	running.Wait()
	sampler.Wait()
	elapsed := time.Since(start)
	samples = append(samples, takeSample(client, *base, *pid, elapsed))
	report(os.Stdout, stats, samples, dropped.Load(), elapsed, *warm)
}

// loopbackOnly refuses any address but this machine's.
func loopbackOnly(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-url %q: want http://127.0.0.1:PORT", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-url %q: only loopback addresses (127.0.0.1, ::1, localhost)", base)
	}
	return nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			out = append(out, s)
		}
	}
	return out, sc.Err()
}

// corpus is what the mix draws from, read from the server itself.
type corpus struct {
	ids   []string
	days  []string
	words []string
}

// loadCorpus reads papers from the API over the last days, for their ids,
// listing days and title words.
func loadCorpus(client *http.Client, base string) (*corpus, error) {
	c := &corpus{}
	seenDay, seenWord := map[string]bool{}, map[string]bool{}
	day := ""
	for i := 0; i < 60; i++ {
		u := base + "/api/daily_papers?limit=100"
		if day != "" {
			u += "&date=" + day
		}
		resp, err := client.Get(u)
		if err != nil {
			return nil, err
		}
		var items []struct {
			Paper struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"paper"`
			PublishedAt time.Time `json:"publishedAt"`
		}
		err = json.NewDecoder(resp.Body).Decode(&items)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			if day == "" {
				return nil, fmt.Errorf("read papers: %d %v", resp.StatusCode, err)
			}
			break
		}
		for _, it := range items {
			c.ids = append(c.ids, it.Paper.ID)
			for _, w := range strings.Fields(strings.ToLower(it.Paper.Title)) {
				w = strings.Trim(w, ".,:;()[]{}\"'?!$")
				if len(w) >= 4 && !seenWord[w] && strings.IndexFunc(w, func(r rune) bool { return r > 'z' || r < 'a' }) < 0 {
					seenWord[w] = true
					c.words = append(c.words, w)
				}
			}
		}
		if day == "" {
			day = time.Now().UTC().Format("2006-01-02")
			if len(items) > 0 {
				day = items[0].PublishedAt.UTC().Format("2006-01-02")
			}
		}
		if !seenDay[day] && len(items) > 0 {
			seenDay[day] = true
			c.days = append(c.days, day)
		}
		t, _ := time.Parse("2006-01-02", day)
		day = t.AddDate(0, 0, -1).Format("2006-01-02")
	}
	if len(c.ids) == 0 || len(c.words) == 0 {
		return nil, errors.New("the server has no papers to soak with")
	}
	return c, nil
}

// request is one request of the mix.
type request struct {
	class  string // what the report groups it under
	method string
	path   string
	token  string
	body   string
}

// mix draws requests in fixed proportions.
type mix struct {
	mu     sync.Mutex
	r      *rand.Rand
	c      *corpus
	tokens []string
}

func newMix(c *corpus, tokens []string, seed uint64) *mix {
	return &mix{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), c: c, tokens: tokens}
}

func (m *mix) next() request {
	m.mu.Lock()
	defer m.mu.Unlock()
	pick := func(xs []string) string { return xs[m.r.IntN(len(xs))] }
	words := func() string {
		n := 1 + m.r.IntN(3)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = pick(m.c.words)
		}
		return url.QueryEscape(strings.Join(ws, " "))
	}
	roll := m.r.IntN(100)
	if len(m.tokens) == 0 && roll >= 90 {
		roll = m.r.IntN(90) // no writes without tokens
	}
	switch {
	case roll < 8:
		return request{class: "home", method: "GET", path: "/"}
	case roll < 22:
		d := pick(m.c.days)
		return request{class: "day page", method: "GET", path: "/papers/date/" + d + "?p=" + strconv.Itoa(1+m.r.IntN(2))}
	case roll < 26:
		t, _ := time.Parse("2006-01-02", pick(m.c.days))
		y, w := t.ISOWeek()
		return request{class: "week/month page", method: "GET", path: fmt.Sprintf("/papers/week/%d-W%02d", y, w)}
	case roll < 28:
		return request{class: "week/month page", method: "GET", path: "/papers/month/" + pick(m.c.days)[:7]}
	case roll < 31:
		return request{class: "trending", method: "GET", path: "/papers/trending"}
	case roll < 49:
		return request{class: "paper page", method: "GET", path: "/papers/" + pick(m.c.ids)}
	case roll < 61:
		return request{class: "search page", method: "GET", path: "/search?q=" + words()}
	case roll < 73:
		return request{class: "search API", method: "GET", path: "/api/papers/search?limit=10&q=" + words()}
	case roll < 83:
		return request{class: "daily API", method: "GET", path: "/api/daily_papers?date=" + pick(m.c.days)}
	case roll < 86:
		return request{class: "paper API", method: "GET", path: "/api/papers/" + pick(m.c.ids)}
	case roll < 88:
		return request{class: "feed", method: "GET", path: "/papers/date/" + pick(m.c.days) + "/feed.atom"}
	case roll < 90:
		return request{class: "paper .md", method: "GET", path: "/papers/" + pick(m.c.ids) + ".md"}
	case roll < 98:
		method := "POST"
		if m.r.IntN(2) == 0 {
			method = "DELETE"
		}
		return request{class: "upvote API", method: method, path: "/api/papers/" + pick(m.c.ids) + "/upvote", token: pick(m.tokens)}
	default:
		return request{class: "submit API", method: "POST", path: "/api/papers/submit", token: pick(m.tokens),
			body: `{"paper_id":"` + pick(m.c.ids) + `"}`}
	}
}

// outcome is one request's result.
type outcome struct {
	status int // 0: no answer
	took   time.Duration
}

func do(client *http.Client, base string, r request) outcome {
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, base+r.path, body)
	if err != nil {
		return outcome{}
	}
	req.Header.Set("Accept-Encoding", "gzip")
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return outcome{took: time.Since(start)}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err != nil {
		return outcome{took: took}
	}
	return outcome{status: resp.StatusCode, took: took}
}

// stats gathers outcomes by class.
type stats struct {
	mu      sync.Mutex
	classes map[string]*classStats
}

type classStats struct {
	lat      []time.Duration
	byStatus map[int]int
}

func newStats() *stats { return &stats{classes: map[string]*classStats{}} }

func (s *stats) record(class string, o outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.classes[class]
	if c == nil {
		c = &classStats{byStatus: map[int]int{}}
		s.classes[class] = c
	}
	c.lat = append(c.lat, o.took)
	c.byStatus[o.status]++
}

// sample is the server's state at one moment.
type sample struct {
	at         time.Duration
	rssMB      float64
	goroutines float64
	openFDs    float64
}

// takeSample reads RSS and open files from /proc when pid is given, else
// from the server's /metrics (process_resident_memory_bytes,
// process_open_fds); goroutines always from /metrics.
func takeSample(client *http.Client, base string, pid int, at time.Duration) sample {
	s := sample{at: at, rssMB: -1, goroutines: -1, openFDs: -1}
	if resp, err := client.Get(base + "/metrics"); err == nil {
		p := expfmt.NewTextParser(model.UTF8Validation)
		fams, err := p.TextToMetricFamilies(resp.Body)
		resp.Body.Close()
		if err == nil {
			value := func(name string) float64 {
				if f := fams[name]; f != nil && len(f.GetMetric()) > 0 {
					m := f.GetMetric()[0]
					if m.Gauge != nil {
						return m.GetGauge().GetValue()
					}
				}
				return -1
			}
			s.goroutines = value("go_goroutines")
			s.rssMB = value("process_resident_memory_bytes") / (1 << 20)
			s.openFDs = value("process_open_fds")
		}
	}
	if pid > 0 {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
					kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
					s.rssMB = kb / 1024
				}
			}
		}
		if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
			s.openFDs = float64(len(fds))
		}
	}
	return s
}

// report prints the run as Markdown tables: per class, then the samples.
func report(w io.Writer, s *stats, samples []sample, dropped int64, elapsed, warm time.Duration) {
	names := make([]string, 0, len(s.classes))
	total, errs, shed, fourxx := 0, 0, 0, 0
	for name, c := range s.classes {
		names = append(names, name)
		total += len(c.lat)
		for st, n := range c.byStatus {
			switch {
			case st == http.StatusServiceUnavailable:
				shed += n
			case st == 0 || st >= 500:
				errs += n
			case st >= 400:
				fourxx += n
			}
		}
	}
	slices.Sort(names)
	fmt.Fprintf(w, "\n%d requests in %v (%.1f req/s): %d errors (500s or no answer, %.3f%%), %d shed with 503 (%.2f%%), %d 4xx, %d dropped at the in-flight bound\n\n",
		total, elapsed.Round(time.Second), float64(total)/elapsed.Seconds(), errs, 100*float64(errs)/float64(max(total, 1)),
		shed, 100*float64(shed)/float64(max(total, 1)), fourxx, dropped)
	fmt.Fprintln(w, "| class | requests | p50 ms | p99 ms | max ms | statuses |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---|")
	for _, name := range names {
		c := s.classes[name]
		slices.Sort(c.lat)
		var sts []string
		codes := make([]int, 0, len(c.byStatus))
		for st := range c.byStatus {
			codes = append(codes, st)
		}
		slices.Sort(codes)
		for _, st := range codes {
			label := strconv.Itoa(st)
			if st == 0 {
				label = "no answer"
			}
			sts = append(sts, fmt.Sprintf("%s×%d", label, c.byStatus[st]))
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %.1f | %.1f | %s |\n", name, len(c.lat), ms(pct(c.lat, 50)), ms(pct(c.lat, 99)),
			ms(c.lat[len(c.lat)-1]), strings.Join(sts, " "))
	}
	fmt.Fprintln(w, "\n| at | RSS MB | goroutines | open files |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|")
	for _, sm := range samples {
		fmt.Fprintf(w, "| %v | %.0f | %.0f | %.0f |\n", sm.at.Round(time.Second), sm.rssMB, sm.goroutines, sm.openFDs)
	}
	var after []sample
	for _, sm := range samples {
		if sm.at >= warm && sm.rssMB > 0 {
			after = append(after, sm)
		}
	}
	if len(after) >= 4 {
		// Medians of the first and last quarter of the samples after the
		// warm-up: one sample catches the heap between collections, a
		// quarter's median does not.
		q := len(after) / 4
		early, late := medianRSS(after[:q]), medianRSS(after[len(after)-q:])
		peak := 0.0
		for _, sm := range after {
			peak = max(peak, sm.rssMB)
		}
		fmt.Fprintf(w, "\nRSS after the %v warm-up: median %.0f MB over the first quarter of the run, %.0f MB over the last (%+.1f%%), peak %.0f MB\n",
			warm, early, late, 100*(late-early)/early, peak)
	}
}

func medianRSS(xs []sample) float64 {
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = x.rssMB
	}
	slices.Sort(v)
	return v[len(v)/2]
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	return lat[int(float64(len(lat)-1)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

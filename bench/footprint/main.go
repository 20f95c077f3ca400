// Command footprint measures what a running `paperwire serve` costs: the
// time until /readyz answers 200, its resident memory after start and after
// a fixed number of searches, the search API's throughput at several
// connections and its one-client latency. It starts each given binary on its
// own copy of a data directory, in turn and interleaved over -rounds, so a
// baseline and a candidate are measured in the same conditions.
//
//	go run ./bench/footprint -data /tmp/pw75 -crawl ../shared/data/arxiv-daily \
//	    -bin base=/tmp/pw-main -bin new=/tmp/pw-new -rounds 2 [-wrk]
//
// cpu_ms is the server's CPU time per search over the one-client run: on a
// shared machine it is the steadiest figure of throughput (two cores give at
// most 2000/cpu_ms searches per second).
//
// With -wrk, each throughput run is repeated with wrk (Debian's wrk package)
// as the load generator: a client in C that costs the shared two cores a
// fraction of what Go's net/http client costs per request, so its figure is
// nearer what the server alone can answer. Its columns are wrk_cN (requests
// per second) and wrk_cpu_ms (the server's CPU per request under that load).
//
// Queries are drawn from the crawl's titles (seeded): 5–12 consecutive
// words of a title, as a reader pastes half a title. The data directory is
// copied once per binary (a binary may rewrite its index files in another
// format on its first start, which is not measured).
package main

import (
	"bufio"
	"compress/gzip"
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
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type binFlag []string

func (b *binFlag) String() string     { return strings.Join(*b, ",") }
func (b *binFlag) Set(v string) error { *b = append(*b, v); return nil }

func main() {
	var bins binFlag
	flag.Var(&bins, "bin", "NAME=PATH of a paperwire binary (repeat)")
	data := flag.String("data", "", "data directory to copy for each binary (read-only)")
	crawl := flag.String("crawl", "../shared/data/arxiv-daily", "directory of daily crawl files, for titles")
	nq := flag.Int("queries", 1000, "mixed searches after start (one client)")
	conns := flag.String("c", "16", "comma-separated connection counts for the throughput runs")
	dur := flag.Duration("d", 8*time.Second, "duration of each throughput run")
	rounds := flag.Int("rounds", 1, "times each binary is measured, interleaved")
	work := flag.String("work", "/tmp/footprint-work", "where the copies of the data directory go")
	useWrk := flag.Bool("wrk", false, "repeat each throughput run with wrk as the load generator")
	printQueries := flag.Bool("print-queries", false, "print the 2,000 title queries, one a line, and exit (for bench/apicpu)")
	flag.Parse()
	if *printQueries {
		qs, err := titleQueries(*crawl, 2000)
		if err != nil {
			fail(err)
		}
		for _, q := range qs {
			fmt.Println(q)
		}
		return
	}
	if len(bins) == 0 || *data == "" {
		flag.Usage()
		os.Exit(2)
	}
	qs, err := titleQueries(*crawl, 2000)
	if err != nil {
		fail(err)
	}
	type bin struct{ name, path, dir string }
	var bs []bin
	for _, b := range bins {
		name, path, ok := strings.Cut(b, "=")
		if !ok {
			fail(fmt.Errorf("-bin %q: want NAME=PATH", b))
		}
		dir := filepath.Join(*work, name)
		if _, err := os.Stat(dir); err != nil {
			if err := copyDir(*data, dir); err != nil {
				fail(err)
			}
			// First start: lets the binary convert or build its files.
			s, err := start(path, dir)
			if err != nil {
				fail(err)
			}
			s.stop()
		}
		bs = append(bs, bin{name, path, dir})
	}
	var lua, qfile string
	if *useWrk {
		if lua, qfile, err = wrkFiles(*work, qs); err != nil {
			fail(err)
		}
	}
	var cs []int
	for _, c := range strings.Split(*conns, ",") {
		n, err := strconv.Atoi(c)
		if err != nil {
			fail(err)
		}
		cs = append(cs, n)
	}
	fmt.Printf("%-6s %5s %8s %9s %9s %9s %8s %8s %8s", "bin", "round", "ready_s", "rss_start", "rss_after", "file_after", "p50_ms", "p99_ms", "cpu_ms")
	for _, c := range cs {
		fmt.Printf(" %9s", fmt.Sprintf("rps_c%d", c))
	}
	if *useWrk {
		for _, c := range cs {
			fmt.Printf(" %9s %10s", fmt.Sprintf("wrk_c%d", c), "wrk_cpu_ms")
		}
	}
	fmt.Printf(" %9s %9s\n", "rss_load", "rss_peak")
	for r := 1; r <= *rounds; r++ {
		for _, b := range bs {
			s, err := start(b.path, b.dir)
			if err != nil {
				fail(err)
			}
			time.Sleep(time.Second)
			rssStart, _ := s.rss()
			cpu0 := s.cpu()
			lat := oneClient(s.base, qs[:*nq])
			cpuMs := float64(s.cpu()-cpu0) / float64(time.Millisecond) / float64(*nq)
			rssAfter, _, fileAfter := s.rssParts()
			fmt.Printf("%-6s %5d %8.2f %9s %9s %9s %8.2f %8.2f %8.2f", b.name, r, s.ready.Seconds(), mb(rssStart), mb(rssAfter), mb(fileAfter), pct(lat, 50), pct(lat, 99), cpuMs)
			for _, c := range cs {
				n, errs := load(s.base, qs, c, *dur)
				fmt.Printf(" %9.0f", float64(n)/dur.Seconds())
				if errs > 0 {
					fmt.Printf("(%d err)", errs)
				}
			}
			if *useWrk {
				for _, c := range cs {
					cpu0 := s.cpu()
					n, bad, err := runWrk(s.base, lua, qfile, c, *dur)
					if err != nil {
						fail(err)
					}
					cpuMs := float64(s.cpu()-cpu0) / float64(time.Millisecond) / float64(max(n, 1))
					fmt.Printf(" %9.0f %10.3f", float64(n)/dur.Seconds(), cpuMs)
					if bad > 0 {
						fmt.Printf("(%d err)", bad)
					}
				}
			}
			rssLoad, peak := s.rss()
			fmt.Printf(" %9s %9s\n", mb(rssLoad), mb(peak))
			s.stop()
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "footprint:", err)
	os.Exit(1)
}

func mb(kb int) string { return fmt.Sprintf("%dMB", kb/1024) }

// server is one running `paperwire serve`.
type server struct {
	cmd   *exec.Cmd
	base  string
	ready time.Duration
}

func start(bin, dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--data", dir, "--addr", addr, "--no-demo")
	// The API's per-client rate limit would turn most of the load into 429s.
	cmd.Env = append(os.Environ(), "PAPERWIRE_LOG_LEVEL=warn", "PAPERWIRE_API_RATE=off")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	// A failed run (fail exits at once) takes its server with it instead of
	// leaving it holding memory and a port for the next run.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	for time.Since(t0) < 10*time.Minute {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				s.ready = time.Since(t0)
				return s, nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.stop()
	return nil, errors.New(bin + ": not ready after 10 minutes")
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
}

// cpu returns the CPU time the process has used (user and system): per
// search, it does not depend on what else the machine is doing.
func (s *server) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces): state is 3rd, utime 14th, stime 15th.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

// rss returns the process's resident set and its peak, in kB.
func (s *server) rss() (cur, peak int) {
	cur, peak, _ = s.rssParts()
	return cur, peak
}

// rssParts returns the resident set, its peak and the part of it that is
// mapped files (the binary, mapped snapshots), in kB.
func (s *server) rssParts() (cur, peak, file int) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		switch k {
		case "VmRSS":
			cur = n
		case "VmHWM":
			peak = n
		case "RssFile":
			file = n
		}
	}
	return cur, peak, file
}

var client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}

// searchPath is what every search asks for, before its escaped query, from
// Go's client here and from wrk's script (runWrk).
const searchPath = "/api/papers/search?limit=10&q="

func search(base, q string) error {
	resp, err := client.Get(base + searchPath + url.QueryEscape(q))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// oneClient runs the queries one after the other and returns the latencies, sorted.
func oneClient(base string, qs []string) []time.Duration {
	var lat []time.Duration
	for _, q := range qs {
		t0 := time.Now()
		if err := search(base, q); err != nil {
			fail(err)
		}
		lat = append(lat, time.Since(t0))
	}
	slices.Sort(lat)
	return lat
}

func pct(lat []time.Duration, p float64) float64 {
	if len(lat) == 0 {
		return 0
	}
	return float64(lat[int(float64(len(lat)-1)*p/100)].Microseconds()) / 1000
}

// load keeps c clients searching the queries in turn for d; it returns how
// many searches completed and how many failed.
func load(base string, qs []string, c int, d time.Duration) (n, errs int) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range c {
		wg.Go(func() {
			mine, bad := 0, 0
			for i := w; ctx.Err() == nil; i += c {
				err := search(base, qs[i%len(qs)])
				if ctx.Err() != nil {
					break
				}
				if err != nil {
					bad++
					continue
				}
				mine++
			}
			mu.Lock()
			n, errs = n+mine, errs+bad
			mu.Unlock()
		})
	}
	wg.Wait()
	return n, errs
}

// titleQueries draws n queries of 5–12 consecutive words from the crawl's titles.
func titleQueries(dir string, n int) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no crawl files in %s", dir)
	}
	var titles []string
	for _, f := range files {
		if err := readTitles(f, func(t string) { titles = append(titles, t) }); err != nil {
			return nil, err
		}
	}
	r := rand.New(rand.NewPCG(5, 12))
	var qs []string
	for len(qs) < n {
		words := strings.Fields(titles[r.IntN(len(titles))])
		if len(words) < 5 {
			continue
		}
		k := 5 + r.IntN(8)
		k = min(k, len(words))
		s := r.IntN(len(words) - k + 1)
		qs = append(qs, strings.Join(words[s:s+k], " "))
	}
	return qs, nil
}

func readTitles(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var rec struct {
			Title string `json:"title"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Title != "" {
			fn(rec.Title)
		}
	}
	return sc.Err()
}

// copyDir copies the regular files of src (recursively) into dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(to)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

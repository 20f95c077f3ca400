// Command http is a small HTTP load generator for Paperwire's pages and API:
// N connections request the given URLs in turn for a fixed time, then it
// reports requests per second and latency percentiles.
//
//	go run ./bench/http -c 16 -d 10s http://127.0.0.1:8080/ http://127.0.0.1:8080/api/daily_papers
//
// Each URL is measured separately, one after the other. With -bust every
// request gets a query parameter of its own (_=1, _=2, …), which the pages
// ignore but the page cache keys on, so every answer is rendered afresh:
// uncached figures for pages that are otherwise served from the cache.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	conns := flag.Int("c", 16, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration per URL")
	warm := flag.Duration("warmup", time.Second, "warm-up per URL, not measured")
	gz := flag.Bool("gzip", true, "send Accept-Encoding: gzip, as browsers do")
	bust := flag.Bool("bust", false, "add a query parameter _=N unique to each request, so no answer comes from the page cache")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: http [-c N] [-d DURATION] [-gzip=false] [-bust] URL...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *conns < 1 {
		flag.Usage()
		os.Exit(2)
	}
	fmt.Printf("%-48s %6s %10s %9s %9s %9s %8s %10s\n", "url", "conns", "req/s", "p50_ms", "p90_ms", "p99_ms", "errors", "kB/req")
	for _, u := range flag.Args() {
		client := &http.Client{Transport: &http.Transport{
			MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true,
		}}
		target := fixed(u)
		name := u
		if *bust {
			target = busted(u)
			name += " (uncached)"
		}
		run(client, target, *conns, *warm, *gz)
		r := run(client, target, *conns, *dur, *gz)
		fmt.Printf("%-48s %6d %10.0f %9.2f %9.2f %9.2f %8d %10.1f\n", name, *conns, r.rps(), r.pct(50), r.pct(90), r.pct(99), r.errors, r.kbPerReq())
		if r.firstErr != nil {
			fmt.Fprintf(os.Stderr, "%s: %d errors, the first: %v\n", name, r.errors, r.firstErr)
		}
	}
}

// fixed requests u every time.
func fixed(u string) func() string { return func() string { return u } }

// busted requests u with a query parameter no other request has. The counter
// is shared by every run of the process, so the warm-up's pages are not
// requested again either.
func busted(u string) func() string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return func() string { return u + sep + "_=" + strconv.FormatUint(bustSeq.Add(1), 10) }
}

var bustSeq atomic.Uint64

// result gathers one URL's measurements.
type result struct {
	lat      []time.Duration
	errors   int
	firstErr error
	bytes    int64
	elapsed  time.Duration
}

func (r result) rps() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

func (r result) pct(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat)-1) * p / 100)
	return float64(r.lat[i].Microseconds()) / 1000
}

func (r result) kbPerReq() float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.bytes) / float64(len(r.lat)) / 1024
}

// run keeps conns workers requesting url() for d.
func run(client *http.Client, url func() string, conns int, d time.Duration, gz bool) result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	start := time.Now()
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine result
			for ctx.Err() == nil {
				t0 := time.Now()
				n, err := get(ctx, client, url(), gz)
				if ctx.Err() != nil {
					break // cut off by the deadline: not a sample
				}
				if err != nil {
					if mine.errors == 0 {
						mine.firstErr = err
					}
					mine.errors++
					continue
				}
				mine.lat = append(mine.lat, time.Since(t0))
				mine.bytes += n
			}
			mu.Lock()
			all.lat = append(all.lat, mine.lat...)
			if all.firstErr == nil {
				all.firstErr = mine.firstErr
			}
			all.errors += mine.errors
			all.bytes += mine.bytes
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	slices.Sort(all.lat)
	return all
}

func get(ctx context.Context, client *http.Client, url string, gz bool) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, err
	}
	if resp.StatusCode != http.StatusOK {
		return n, errors.New(resp.Status)
	}
	return n, nil
}

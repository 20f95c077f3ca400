// Command apicpu compares the server CPU time per search API request of
// running `paperwire serve` processes, interleaved finely: each round sends
// a batch of searches to each server in turn (the order alternating by
// round) and reads the server's utime + stime from /proc/PID/stat before and
// after. On a machine shared with other work, bench/footprint measures each
// binary for seconds at a time, so a burst of someone else's load lands on
// one of them; batches of a fraction of a second, many times over, average
// it out. Start the servers first, each on its own copy of the data
// directory, with PAPERWIRE_API_RATE=off, and let them warm up (a first run).
//
//	go run ./bench/footprint -crawl ../shared/data/arxiv-daily -print-queries >/tmp/q.txt
//	go run ./bench/apicpu -q /tmp/q.txt -rounds 40 -batch 200 -c 2 base=PID:PORT new=PID:PORT
//	go run ./bench/apicpu -q /tmp/q.txt -path '/search?q=' base=PID:PORT new=PID:PORT   # the results page
//	go run ./bench/apicpu -q /tmp/q.txt 'page=PID:PORT/search?q=' 'api=PID:PORT/api/papers/search?limit=30&q='
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is one target: a process, its port and, when its argument names
// one, the path to ask instead of -path (so one run can interleave a server's
// results page and its API).
type server struct{ name, pid, port, path string }

func main() {
	qf := flag.String("q", "", "file of queries, one a line")
	batch := flag.Int("batch", 200, "searches per server per round")
	rounds := flag.Int("rounds", 20, "rounds")
	conc := flag.Int("c", 2, "concurrent clients within a batch")
	limit := flag.Int("limit", 10, "results per search")
	path := flag.String("path", "", "request path the escaped query is appended to (default: the search API with -limit), e.g. /search?q= for the results page")
	flag.Parse()
	if *path == "" {
		*path = fmt.Sprintf("/api/papers/search?limit=%d&q=", *limit)
	}
	qs, err := readLines(*qf)
	if err != nil || len(qs) == 0 || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: apicpu -q QUERIES [flags] NAME=PID:PORT...", err)
		os.Exit(2)
	}
	var ss []server
	for _, a := range flag.Args() {
		name, rest, _ := strings.Cut(a, "=")
		pid, port, ok := strings.Cut(rest, ":")
		if !ok {
			fmt.Fprintf(os.Stderr, "apicpu: %q: want NAME=PID:PORT\n", a)
			os.Exit(2)
		}
		port, path, _ := strings.Cut(port, "/")
		if path != "" {
			path = "/" + path
		}
		ss = append(ss, server{name, pid, port, path})
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	total := make([]time.Duration, len(ss))
	batches := make([][]string, len(ss))
	off := 0
	for r := range *rounds {
		for j := range ss {
			i := j
			if r%2 == 1 {
				i = len(ss) - 1 - j
			}
			c0, err := cpu(ss[i].pid)
			if err != nil {
				fail(err)
			}
			p := ss[i].path
			if p == "" {
				p = *path
			}
			if err := run(client, ss[i].port, p, qs, off, *batch, *conc); err != nil {
				fail(err)
			}
			c1, _ := cpu(ss[i].pid)
			total[i] += c1 - c0
			batches[i] = append(batches[i], fmt.Sprintf("%.2f", ms(c1-c0)/float64(*batch)))
		}
		off += *batch
	}
	for i, s := range ss {
		fmt.Printf("%-8s cpu ms/search %.3f over %d searches; by batch: %s\n", s.name,
			ms(total[i])/float64(*rounds**batch), *rounds**batch, strings.Join(batches[i], " "))
	}
}

// run sends n searches, queries from qs[off:] cyclically, over c clients.
func run(client *http.Client, port, path string, qs []string, off, n, c int) error {
	var wg sync.WaitGroup
	errs := make(chan error, c)
	for w := range c {
		wg.Go(func() {
			for k := w; k < n; k += c {
				u := "http://127.0.0.1:" + port + path + url.QueryEscape(qs[(off+k)%len(qs)])
				resp, err := client.Get(u)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("%s: %s", u, resp.Status)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// cpu is the process's user and system CPU time (clock ticks of 10 ms).
func cpu(pid string) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%s/stat: too short", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "apicpu:", err)
	os.Exit(1)
}

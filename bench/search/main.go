// Command search benchmarks Paperwire's lexical search against SQLite FTS5
// (the sqlite3 CLI, C) on the same papers and queries, in one run: index
// build time and throughput, resident memory, and query latency in process
// and over HTTP on loopback.
//
//	go run ./bench/search -data ../shared/data/arxiv-daily            # the 74,728 real papers
//	go run ./bench/search -data ../shared/data/arxiv-daily -n 1000000 # generated from them
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

func main() {
	data := flag.String("data", "../shared/data/arxiv-daily", "directory of daily crawl files")
	n := flag.Int("n", 0, "papers to index: 0 = the real papers; more = generated from them")
	nq := flag.Int("queries", 500, "queries to time")
	hybrid := flag.Bool("hybrid", false, "also time hybrid search with stand-in vectors (100-d per paper)")
	withStore := flag.Bool("store", false, "also time an import through the SQLite store with index catch-up, and a reindex")
	snapshot := flag.Bool("snapshot", true, "time saving and loading the index snapshot")
	fts := flag.Bool("fts", true, "also run SQLite FTS5 through the sqlite3 CLI")
	modernc := flag.Bool("modernc", false, "also run FTS5 in process through modernc.org/sqlite (slow at 1M)")
	writeQueries := flag.String("write-queries", "", "write the queries to `file` (for the bleve program) and exit")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the index build to `file`")
	batchSize := flag.Int("batch", 1000, "documents per Apply call in the build (the change-feed catch-up applies 1,000 at a time)")
	memprofile := flag.String("memprofile", "", "write a heap profile after the build to `file`")
	dump := flag.String("dump", "", "write every query's top 100 (ids, scores, totals, facets) to `file`, to compare rankings between versions")
	flag.Parse()

	real, err := loadDaily(*data)
	if err != nil {
		log.Fatal(err)
	}
	total := len(real)
	doc := func(i int) search.Document { return real[i] }
	if *n > 0 {
		total = *n
		if *n > len(real) {
			doc = func(i int) search.Document { return synth(real, i) }
		}
	}
	queries := makeQueries(real, *nq)
	if *writeQueries != "" {
		if err := os.WriteFile(*writeQueries, []byte(strings.Join(queries, "\n")+"\n"), 0o644); err != nil {
			log.Fatal(err)
		}
		return
	}
	fmt.Printf("papers: %d (real: %d), queries: %d, GOMAXPROCS %d, %s\n", total, len(real), len(queries), runtime.GOMAXPROCS(0), time.Now().UTC().Format(time.RFC3339))

	// Build as the change-feed catch-up does: batches of 1,000 through Apply.
	runtime.GC()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
	}
	start, cpu0 := time.Now(), cpuSeconds()
	ix := search.NewIndex(search.DefaultParams())
	batch := make([]search.Document, 0, *batchSize)
	var ids []string // for the hybrid stand-in vectors
	for i := 0; i < total; i++ {
		batch = append(batch, doc(i))
		if *hybrid {
			ids = append(ids, batch[len(batch)-1].ID)
		}
		if len(batch) == cap(batch) || i == total-1 {
			ix.Apply(batch, nil, int64(i+1))
			batch = batch[:0]
		}
	}
	ix.Trim() // as a large catch-up does
	buildSec, buildCPU := time.Since(start).Seconds(), cpuSeconds()-cpu0
	pprof.StopCPUProfile()
	real = nil // keep only what the index holds when measuring memory (read again below if needed)
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("paperwire: build %.1fs wall, %.1fs CPU (%.0f docs per CPU-second), heap %.0f MB (the papers read are dropped), RSS %.0f MB\n",
		buildSec, buildCPU, float64(total)/buildCPU, float64(ms.HeapInuse)/1e6, rssMB())
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}

	if *snapshot {
		dir, err := os.MkdirTemp("", "snap-bench-*")
		if err != nil {
			log.Fatal(err)
		}
		path := dir + "/lexical.bin"
		t0 := time.Now()
		if err := ix.SaveFile(path); err != nil {
			log.Fatal(err)
		}
		saveSec := time.Since(t0).Seconds()
		fi, _ := os.Stat(path)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 = time.Now()
		back, err := search.LoadFile(path, search.DefaultParams())
		if err != nil {
			log.Fatal(err)
		}
		loadSec := time.Since(t0).Seconds()
		runtime.GC()
		runtime.ReadMemStats(&after)
		fmt.Printf("paperwire snapshot: %.0f MB, save %.1fs, load %.1fs (%d docs), loaded index heap %.0f MB\n",
			float64(fi.Size())/1e6, saveSec, loadSec, back.Len(), float64(int64(after.HeapInuse)-int64(before.HeapInuse))/1e6)
		back = nil
		os.RemoveAll(dir)
		runtime.GC()
	}

	if *dump != "" {
		if err := dumpRankings(ix, queries, *dump); err != nil {
			log.Fatal(err)
		}
	}

	lat := make([]float64, 0, len(queries))
	for _, q := range queries { // warm-up
		ix.Search(search.Request{Query: query.Parse(q)})
	}
	if *cpuprofile != "" {
		f, _ := os.Create(*cpuprofile + ".query")
		pprof.StartCPUProfile(f)
		for range 5 {
			for _, q := range queries {
				ix.Search(search.Request{Query: query.Parse(q), Limit: 10})
			}
		}
		pprof.StopCPUProfile()
	}
	for _, q := range queries {
		t0 := time.Now()
		ix.Search(search.Request{Query: query.Parse(q), Limit: 10})
		lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	p50, p99, mean := stats(lat)
	fmt.Printf("paperwire in-process: p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", p50, p99, mean)
	// The results page also counts categories and years over every match.
	flat := make([]float64, 0, len(queries))
	for _, q := range queries {
		t0 := time.Now()
		ix.Search(search.Request{Query: query.Parse(q), Limit: 10, Facets: true})
		flat = append(flat, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	fp50, fp99, fmean := stats(flat)
	fmt.Printf("paperwire in-process with facets: p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", fp50, fp99, fmean)

	if *hybrid {
		runHybrid(ix, ids, queries)
		ids = nil
	}

	hp50, hp99, hmean, err := overHTTP(ix, queries)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("paperwire over HTTP:  p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", hp50, hp99, hmean)

	if *fts {
		dir, err := os.MkdirTemp("", "fts-bench-*")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		if real == nil {
			real, _ = loadDaily(*data)
		}
		r, err := runFTS5(dir, total, doc, queries, search.DefaultParams())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("fts5 (sqlite3 CLI): build %.1fs wall, %.1fs CPU (%.0f docs per CPU-second; CSV written before), build RSS %.0f MB, query RSS %.0f MB\n", r.buildSec, r.buildCPU, float64(total)/r.buildCPU, r.buildRSSMB, r.queryRSSMB)
		fmt.Printf("fts5 (sqlite3 CLI): p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", r.p50, r.p99, r.mean)
		fmt.Printf("ratio fts5/paperwire: build CPU %.1fx, p50 %.1fx, p99 %.1fx\n", r.buildCPU/buildCPU, r.p50/p50, r.p99/p99)
	}
	if *withStore {
		if real == nil {
			real, _ = loadDaily(*data)
		}
		if *cpuprofile != "" {
			f, _ := os.Create(*cpuprofile + ".store")
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		if err := runStore(total, doc); err != nil {
			log.Fatal(err)
		}
	}
	if *modernc {
		dir, err := os.MkdirTemp("", "modernc-bench-*")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		r, err := runModernc(dir, total, doc, queries, search.DefaultParams())
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("fts5 (modernc, in process): build %.1fs wall, %.1fs CPU (%.0f docs per CPU-second)\n", r.buildSec, r.buildCPU, float64(total)/r.buildCPU)
		fmt.Printf("fts5 (modernc, in process): p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", r.p50, r.p99, r.mean)
	}
	runtime.KeepAlive(ix)
}

// overHTTP serves searches from a loopback HTTP server (JSON, top 10) and
// times sequential requests over one keep-alive connection.
func overHTTP(ix *search.Index, queries []string) (p50, p99, mean float64, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, 0, 0, err
	}
	engine := search.NewEngine(ix, nil, search.DefaultFusion(), nil)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/papers/search", func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		res, err := engine.Search(r.Context(), search.Request{Query: query.Parse(r.URL.Query().Get("q")), Limit: limit}, "")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			ID    string  `json:"id"`
			Title string  `json:"title"`
			Score float64 `json:"score"`
		}
		out := make([]item, len(res.Hits))
		for i, h := range res.Hits {
			out[i] = item{h.ID, h.Title, h.Score}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	base := "http://" + ln.Addr().String() + "/api/papers/search?limit=10&q="
	client := &http.Client{Timeout: 10 * time.Second}
	var lat []float64
	for _, q := range queries {
		t0 := time.Now()
		resp, err := client.Get(base + url.QueryEscape(q))
		if err != nil {
			return 0, 0, 0, err
		}
		var hits []json.RawMessage
		err = json.NewDecoder(resp.Body).Decode(&hits)
		resp.Body.Close()
		if err != nil {
			return 0, 0, 0, err
		}
		lat = append(lat, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	p50, p99, mean = stats(lat)
	return p50, p99, mean, nil
}

func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuSeconds is the process's user+system CPU time: on a shared machine
// wall time measures the neighbours as much as the code.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

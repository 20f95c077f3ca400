// Command proxcost measures the CPU time term proximity adds to a keyword
// search (search.Proximity, as DefaultFusion sets it) for the queries of a
// BEIR queries file against a lexical index file, such as
// DATA/index/lexical-v1.bin of a data directory:
//
//	go run ./bench/proxcost -index DATA/index/lexical-v1.bin -queries DIR/queries.jsonl
//
// Each round times every query's top 1,000 without and with proximity, and
// the proximity scoring of its best Depth alone (Index.ProximityScores, less
// the same call with no documents, which is the query's planning): on a
// shared machine the last is the steadiest figure. Times are the process's
// CPU time per query; run it with GOMAXPROCS=1.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"syscall"

	"github.com/paperwire/paperwire/search"
	"github.com/paperwire/paperwire/search/query"
)

func main() {
	index := flag.String("index", "", "lexical index file (lexical-v1.bin)")
	queries := flag.String("queries", "", "BEIR queries.jsonl")
	reps := flag.Int("reps", 2, "passes over the queries per measurement")
	rounds := flag.Int("rounds", 3, "rounds, each measuring all three")
	flag.Parse()
	ix, err := search.LoadFile(*index, search.DefaultParams())
	if err != nil {
		fail(err)
	}
	qs, err := readQueries(*queries)
	if err != nil {
		fail(err)
	}
	p := search.DefaultFusion().Proximity
	heads := make([][]uint32, len(qs))
	for i, q := range qs {
		for _, h := range ix.Search(search.Request{Query: q, Limit: p.Depth}).Hits {
			n, _ := ix.Number(h.ID)
			heads[i] = append(heads[i], n)
		}
	}
	perQuery := func(f func(i int, q query.Query)) float64 {
		t := cpuNanos()
		for range *reps {
			for i, q := range qs {
				f(i, q)
			}
		}
		return float64(cpuNanos()-t) / float64(*reps*len(qs)) / 1e3
	}
	search1000 := func(pr search.Proximity) func(int, query.Query) {
		return func(_ int, q query.Query) { ix.Search(search.Request{Query: q, Limit: 1000, Proximity: pr}) }
	}
	for r := range *rounds {
		plain := perQuery(search1000(search.Proximity{}))
		prox := perQuery(search1000(p))
		planOnly := perQuery(func(_ int, q query.Query) { ix.ProximityScores(q, nil, p.Window) })
		scored := perQuery(func(i int, q query.Query) { ix.ProximityScores(q, heads[i], p.Window) })
		fmt.Printf("round %d: top 1,000 %.0f µs, with proximity %.0f µs (+%.0f); proximity scoring alone %.0f µs; %d queries\n",
			r+1, plain, prox, prox-plain, scored-planOnly, len(qs))
	}
}

func readQueries(path string) ([]query.Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []query.Query
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var q struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, err
		}
		qs = append(qs, query.Plain(q.Text))
	}
	return qs, sc.Err()
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "proxcost:", err)
	os.Exit(1)
}

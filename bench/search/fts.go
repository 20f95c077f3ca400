package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire/search"
)

// ftsResult is what the sqlite3 CLI measured.
type ftsResult struct {
	buildSec       float64
	buildCPU       float64
	buildRSSMB     float64
	queryRSSMB     float64
	p50, p99, mean float64 // ms
}

// runFTS5 builds an FTS5 table (porter stemmer) in a sqlite3 CLI process from
// a CSV of the same papers, then times the same queries as OR queries ranked
// by bm25() with the same field weights, one sqlite3 process per phase.
func runFTS5(dir string, n int, doc func(int) search.Document, queries []string, w search.Params) (ftsResult, error) {
	var res ftsResult
	csvPath := filepath.Join(dir, "papers.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		return res, err
	}
	cw := csv.NewWriter(bufio.NewWriterSize(f, 1<<20))
	for i := 0; i < n; i++ {
		d := doc(i)
		cw.Write([]string{d.Title, d.Abstract, strings.Join(d.Authors, ", ")})
	}
	cw.Flush()
	if err := f.Close(); err != nil {
		return res, err
	}
	db := filepath.Join(dir, "fts.db")
	os.Remove(db)
	build := fmt.Sprintf(`PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE VIRTUAL TABLE papers USING fts5(title, abstract, authors, tokenize='porter unicode61');
.import --csv %s papers
INSERT INTO papers(papers) VALUES('optimize');
`, csvPath)
	start := time.Now()
	rss, out, err := sqlite3(db, build)
	if err != nil {
		return res, err
	}
	res.buildCPU = cpuOf(out)
	res.buildSec = time.Since(start).Seconds()
	res.buildRSSMB = rss
	os.Remove(csvPath)

	var script strings.Builder
	script.WriteString(".timer on\n.output /dev/null\n")
	for _, q := range queries {
		var terms []string
		for _, t := range strings.Fields(q) {
			terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
		fmt.Fprintf(&script, "SELECT rowid, title FROM papers WHERE papers MATCH '%s' ORDER BY bm25(papers, %g, %g, %g) LIMIT 10;\n",
			strings.ReplaceAll(strings.Join(terms, " OR "), "'", "''"),
			w.Weight[search.FieldTitle], w.Weight[search.FieldAbstract], w.Weight[search.FieldAuthors])
	}
	rss, out, err = sqlite3(db, script.String())
	if err != nil {
		return res, err
	}
	res.queryRSSMB = rss
	var lat []float64
	for _, m := range runTime.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		lat = append(lat, v*1000)
	}
	if len(lat) != len(queries) {
		return res, fmt.Errorf("sqlite3 timed %d of %d queries", len(lat), len(queries))
	}
	res.p50, res.p99, res.mean = stats(lat)
	return res, nil
}

var runTime = regexp.MustCompile(`Run Time: real ([0-9.]+)`)

// sqlite3 runs a script in the sqlite3 CLI under /usr/bin/time and returns
// its peak RSS in MB and its output.
func sqlite3(db, script string) (float64, string, error) {
	cmd := exec.Command("/usr/bin/time", "-f", "cpu_s=%U+%S maxrss_kb=%M", "sqlite3", "-batch", db)
	cmd.Stdin = strings.NewReader(script)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return 0, "", fmt.Errorf("sqlite3: %v: %s", err, errb.String())
	}
	all := out.String() + errb.String()
	i := strings.LastIndex(all, "maxrss_kb=")
	kb, _ := strconv.ParseFloat(strings.TrimSpace(all[i+len("maxrss_kb="):]), 64)
	return kb / 1024, all, nil
}

func stats(ms []float64) (p50, p99, mean float64) {
	sort.Float64s(ms)
	sum := 0.0
	for _, x := range ms {
		sum += x
	}
	q := func(p float64) float64 { return ms[min(len(ms)-1, int(p*float64(len(ms))))] }
	return q(0.5), q(0.99), sum / float64(len(ms))
}

var cpuLine = regexp.MustCompile(`cpu_s=([0-9.]+)\+([0-9.]+)`)

func cpuOf(out string) float64 {
	m := cpuLine.FindAllStringSubmatch(out, -1)
	if len(m) == 0 {
		return 0
	}
	u, _ := strconv.ParseFloat(m[len(m)-1][1], 64)
	s, _ := strconv.ParseFloat(m[len(m)-1][2], 64)
	return u + s
}

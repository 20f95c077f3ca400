// Command importbench measures Paperwire's import path end to end: it imports
// the given files into a fresh SQLite database in a temporary directory (or
// --data) and prints papers per second and peak RSS, optionally with a CPU profile.
//
//	go run ./bench/ingest/importbench ../shared/data/arxiv-daily/*.jsonl.gz
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

func main() {
	dataDir := flag.String("data", "", "directory for the database (default: a new temporary one, removed afterwards)")
	dbURL := flag.String("database-url", "", "import into this PostgreSQL database (postgres://…) instead of SQLite in the data directory")
	batch := flag.Int("batch", ingest.DefaultBatchSize, "papers per transaction")
	workers := flag.Int("workers", 0, "parser goroutines (0: GOMAXPROCS)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to `file`")
	gcPercent := flag.Int("gogc", 400, "GC percent, as the import command sets it (-1: leave GOGC alone)")
	parseOnly := flag.Bool("parse-only", false, "parse and normalize only; write to a writer that discards")
	flag.Parse()
	if flag.NArg() == 0 {
		log.Fatal("usage: importbench [flags] FILE...")
	}
	if *gcPercent >= 0 {
		debug.SetGCPercent(*gcPercent)
		debug.SetMemoryLimit(400 << 20)
	}
	ctx := context.Background()
	dir := *dataDir
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
	} else {
		d, err := os.MkdirTemp("", "importbench")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var db *store.DB
	var err error
	if *dbURL != "" {
		db, err = postgres.Open(ctx, *dbURL)
	} else {
		db, err = sqlite.Open(ctx, filepath.Join(dir, "paperwire.db"))
	}
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	st := store.NewPaperStore(db)
	var w paperwire.PaperWriter = st
	if *parseOnly {
		w = discard{}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	im := ingest.NewImporter(w, st, ingest.Options{BatchSize: *batch, Workers: *workers})
	var read, written, merged, skipped, unique int
	var bytes int64
	start := time.Now()
	for _, f := range flag.Args() {
		sum, err := im.ImportFile(ctx, f)
		if err != nil {
			log.Fatalf("%s: %v", f, err)
		}
		read += sum.Read
		written += sum.Written()
		merged += sum.Merged
		skipped += sum.Skipped
		unique += sum.New
		bytes += sum.Bytes
	}
	el := time.Since(start)
	fmt.Printf("files %d, bytes %d, records %d, new papers %d, written %d, merged %d, skipped %d\n",
		flag.NArg(), bytes, read, unique, written, merged, skipped)
	fmt.Printf("elapsed %.2fs: %.0f records/s, %.0f new papers/s; peak RSS %s\n",
		el.Seconds(), float64(read)/el.Seconds(), float64(unique)/el.Seconds(), peakRSS())
}

// peakRSS reads the process's high-water resident set size from /proc.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// discard is a PaperWriter that writes nothing: it isolates parsing cost.
type discard struct{}

func (discard) UpsertPapers(ctx context.Context, ps []*paperwire.Paper) (paperwire.UpsertResult, error) {
	return paperwire.UpsertResult{New: len(ps)}, nil
}

func (discard) UpsertPapersAt(ctx context.Context, ps []*paperwire.Paper, _ ...paperwire.Checkpoint) (paperwire.UpsertResult, error) {
	return paperwire.UpsertResult{New: len(ps)}, nil
}

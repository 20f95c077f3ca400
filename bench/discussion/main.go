// Command discussion measures the pages the discussion and author features
// add, on SQLite and PostgreSQL in one run, over the daily crawl:
//
//   - a paper page whose discussion holds -comments comments (a third of
//     them replies, Markdown with links, code, TeX and mentions), beside
//     the same page of a paper with no comments (the peer: the ratio is the
//     discussion's cost);
//   - /authors/{name} of the most prolific author in the crawl (first and
//     last page), its Atom feed, and the comments API.
//
// Each store is imported from the crawl with the real importer (which also
// fills the author index), served by the real web handler with the page
// cache off (every request renders) on a loopback listener, and requested
// by one client, -n times per URL after -warm requests:
//
//	go run ./bench/discussion                   # SQLite and a throwaway PostgreSQL
//	go run ./bench/discussion -stores sqlite
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/ingest"
	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/markup"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

func main() {
	daily := flag.String("daily", "../shared/data/arxiv-daily", "directory of the daily crawl (*.jsonl.gz)")
	stores := flag.String("stores", "sqlite,postgres", "stores to measure")
	nComments := flag.Int("comments", 500, "comments on the discussed paper")
	n := flag.Int("n", 500, "measured requests per URL")
	warm := flag.Int("warm", 50, "warm-up requests per URL")
	flag.Parse()
	defer pgtest.Stop()
	files, err := filepath.Glob(filepath.Join(*daily, "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no crawl files in %s", *daily)
	}
	fmt.Printf("%-9s %-44s %8s %8s %8s %8s %8s %8s\n", "store", "url", "p50_ms", "p90_ms", "p99_ms", "cpu_p50", "cpu_p99", "bytes")
	for _, kind := range strings.Split(*stores, ",") {
		db, cleanup := open(kind)
		measure(kind, db, files, *nComments, *n, *warm)
		db.Close()
		cleanup()
	}
}

// open opens a fresh store of kind: a SQLite file in a temporary
// directory, or a new database on a throwaway PostgreSQL cluster.
func open(kind string) (*store.DB, func()) {
	ctx := context.Background()
	switch kind {
	case "sqlite":
		dir, err := os.MkdirTemp("", "discussion-bench")
		if err != nil {
			log.Fatal(err)
		}
		db, err := sqlite.Open(ctx, filepath.Join(dir, "paperwire.db"))
		if err != nil {
			log.Fatal(err)
		}
		return db, func() { os.RemoveAll(dir) }
	case "postgres":
		admin, err := pgtest.Server()
		if err != nil {
			log.Fatal(err)
		}
		raw, err := sql.Open("pgx", admin)
		if err != nil {
			log.Fatal(err)
		}
		name := fmt.Sprintf("discussion_bench_%d", os.Getpid())
		if _, err := raw.Exec("CREATE DATABASE " + name); err != nil {
			log.Fatal(err)
		}
		u, _ := url.Parse(admin)
		u.Path = "/" + name
		db, err := postgres.Open(ctx, u.String())
		if err != nil {
			log.Fatal(err)
		}
		return db, func() { raw.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); raw.Close() }
	}
	log.Fatalf("unknown store %q", kind)
	return nil, nil
}

func measure(kind string, db *store.DB, files []string, nComments, n, warm int) {
	ctx := context.Background()
	papers, users := store.NewPaperStore(db), store.NewUserStore(db)
	start := time.Now()
	im := ingest.NewImporter(papers, papers, ingest.Options{})
	total := 0
	for _, f := range files {
		sum, err := im.ImportFile(ctx, f)
		if err != nil {
			log.Fatalf("%s: %v", f, err)
		}
		total += sum.New
	}
	log.Printf("%s: imported %d papers in %.1fs (load %s)", kind, total, time.Since(start).Seconds(), loadavg())

	var author string
	var count int
	if err := db.QueryRow(ctx, `SELECT name_key, count(*) FROM paper_authors GROUP BY name_key ORDER BY count(*) DESC, name_key LIMIT 1`).Scan(&author, &count); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: the most prolific author is %s with %d papers", kind, author, count)
	last, _, err := papers.AuthorPapers(ctx, author, 0, 1)
	if err != nil || len(last) == 0 {
		log.Fatalf("author papers: %v", err)
	}
	discussed, quiet := last[0].ID, ""
	list, _, err := papers.Papers(ctx, paperwire.PaperFilter{Limit: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range list {
		if p.ID != discussed {
			quiet = p.ID
			break
		}
	}

	// Commenters, made in the store: hashing passwords would measure argon2.
	var people []*paperwire.User
	for i := range 50 {
		u := &paperwire.User{Name: fmt.Sprintf("reader%d", i), Email: fmt.Sprintf("reader%d@example.org", i), PasswordHash: "$argon2id$unused"}
		if err := users.CreateUser(ctx, u); err != nil {
			log.Fatal(err)
		}
		people = append(people, u)
	}
	md := markup.New()
	known := func(name string) (string, bool) { return name, strings.HasPrefix(name, "reader") }
	var tops []int64
	for i := range nComments {
		text := fmt.Sprintf("Comment %d on **this paper**: the bound $O(n^2 \\log n)$ in `Theorem %d` looks tight, "+
			"but see [the earlier result](https://arxiv.org/abs/2401.%05d). @reader%d, did you try it?\n\n> Quoted line.\n\n- one\n- two", i, i%7, i, (i+1)%50)
		c := &paperwire.Comment{PaperID: discussed, UserID: people[i%len(people)].ID, Text: text, HTML: md.Render(text, known)}
		if i%3 == 2 && len(tops) > 0 {
			c.ParentID = tops[i%len(tops)]
		}
		if err := papers.AddComment(ctx, c); err != nil {
			log.Fatal(err)
		}
		if c.ParentID == 0 {
			tops = append(tops, c.ID)
		}
	}

	srv, err := web.New(web.Config{Papers: papers, Users: users, Votes: papers, Submissions: papers, Audit: users,
		Comments: papers, Authors: papers, CacheTTL: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	pages := (count + 29) / 30
	a := url.PathEscape(author)
	for _, target := range []string{
		"/papers/" + discussed,
		"/papers/" + quiet,
		"/api/papers/" + discussed + "/comments",
		"/authors/" + a,
		fmt.Sprintf("/authors/%s?p=%d", a, pages),
		"/authors/" + a + "/feed.atom",
	} {
		get(kind, base+target, target, n, warm)
	}
}

// get requests u warm times, then n times, one at a time, and prints the
// percentiles of the n requests' latency and of the CPU time the process
// (server and client: they share it) spent on each. On a shared machine
// the latency includes waiting for a core; the CPU time does not.
func get(kind, u, label string, n, warm int) {
	client := &http.Client{}
	var lat, cpu []time.Duration
	size := 0
	for i := range warm + n {
		t0, c0 := time.Now(), cpuTime()
		resp, err := client.Get(u)
		if err != nil {
			log.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		d, c := time.Since(t0), cpuTime()-c0
		if err != nil || resp.StatusCode != http.StatusOK {
			log.Fatalf("%s: %d %v", label, resp.StatusCode, err)
		}
		size = len(b)
		if i >= warm {
			lat, cpu = append(lat, d), append(cpu, c)
		}
	}
	if len(label) > 44 {
		label = label[:41] + "..."
	}
	fmt.Printf("%-9s %-44s %8.2f %8.2f %8.2f %8.2f %8.2f %8d\n", kind, label, pct(lat, 0.5), pct(lat, 0.9), pct(lat, 0.99),
		pct(cpu, 0.5), pct(cpu, 0.99), size)
}

// pct is the q-quantile of ds in milliseconds (ds is sorted in place).
func pct(ds []time.Duration, q float64) float64 {
	slices.Sort(ds)
	return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadavg is the machine's load average, for the record.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

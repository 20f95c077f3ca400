// Command votes measures upvotes on SQLite and PostgreSQL, in one run:
//
//  1. 1,000 distinct users (-users) upvote one paper at the same moment,
//     each through the real upvote API with their own token; the paper must
//     end at exactly 1,000 upvotes.
//  2. The upvote API at a fixed arrival rate (-rate, 200 requests/s) for
//     -d: users toggle their vote up and down on a handful of papers; it
//     reports p50 and p99 latency and the rate achieved.
//
// Each store is served by the real web handler on a loopback listener:
//
//	go run ./bench/votes                                   # SQLite only
//	go run ./bench/votes -database-url postgres://…/db     # SQLite, then PostgreSQL
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

func main() {
	dbURL := flag.String("database-url", "", "also measure this (empty) PostgreSQL database")
	users := flag.Int("users", 1000, "distinct users voting at once")
	rate := flag.Int("rate", 200, "requests per second in the latency run")
	dur := flag.Duration("d", 10*time.Second, "length of the latency run")
	flag.Parse()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "votes-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	targets := []struct{ name, url string }{{"sqlite", ""}}
	if *dbURL != "" {
		targets = append(targets, struct{ name, url string }{"postgres", *dbURL})
	}
	fmt.Printf("%-9s %7s %9s %10s %10s %9s %9s %9s %7s\n", "store", "users", "final", "burst_s", "rate_req/s", "p50_ms", "p90_ms", "p99_ms", "errors")
	for _, t := range targets {
		var db *store.DB
		if t.url == "" {
			db, err = sqlite.Open(ctx, filepath.Join(dir, "paperwire.db"))
		} else {
			db, err = postgres.Open(ctx, t.url)
		}
		if err != nil {
			log.Fatal(err)
		}
		run(ctx, t.name, db, *users, *rate, *dur)
		db.Close()
	}
}

func run(ctx context.Context, name string, db *store.DB, nUsers, rate int, dur time.Duration) {
	papers, users := store.NewPaperStore(db), store.NewUserStore(db)
	ids := []string{"2612.00001", "2612.00002", "2612.00003", "2612.00004", "2612.00005"}
	var ps []*paperwire.Paper
	for _, id := range ids {
		ps = append(ps, &paperwire.Paper{ID: id, Title: "Paper " + id, ListedOn: time.Now().UTC().Truncate(24 * time.Hour)})
	}
	if _, err := papers.UpsertPapers(ctx, ps); err != nil {
		log.Fatal(err)
	}
	// Users and tokens are made directly in the store: hashing a thousand
	// passwords would measure argon2, not votes.
	tokens := make([]string, nUsers)
	for i := range tokens {
		u := &paperwire.User{Name: fmt.Sprintf("voter%d", i), Email: fmt.Sprintf("voter%d@example.org", i), PasswordHash: "$argon2id$unused"}
		if err := users.CreateUser(ctx, u); err != nil {
			log.Fatal(err)
		}
		tok, hash, hint := auth.NewAPIToken()
		if err := users.CreateToken(ctx, &paperwire.APIToken{UserID: u.ID, Name: "bench", Hint: hint}, hash); err != nil {
			log.Fatal(err)
		}
		tokens[i] = tok
	}
	srv, err := web.New(web.Config{Papers: papers, Users: users, Votes: papers, Submissions: papers, Audit: users,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
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
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}

	// 1. Everyone at once on one paper.
	start := time.Now()
	var wg sync.WaitGroup
	gate := make(chan struct{})
	errs := make(chan error, nUsers)
	for _, tok := range tokens {
		wg.Go(func() {
			<-gate
			if _, err := vote(client, base, ids[0], tok, http.MethodPost); err != nil {
				errs <- err
			}
		})
	}
	close(gate)
	wg.Wait()
	burst := time.Since(start)
	p, err := papers.Paper(ctx, ids[0])
	if err != nil {
		log.Fatal(err)
	}
	if len(errs) > 0 || p.Upvotes != nUsers {
		log.Printf("%s: %d errors (first: %v); the paper has %d upvotes, want %d", name, len(errs), <-errs, p.Upvotes, nUsers)
	}

	// 2. A fixed arrival rate of toggles.
	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	end := time.Now().Add(dur)
	sent := 0
	for i := 0; time.Now().Before(end); i++ {
		<-tick.C
		tok, id := tokens[i%nUsers], ids[1+i%(len(ids)-1)]
		method := http.MethodPost
		if (i/nUsers)%2 == 1 {
			method = http.MethodDelete
		}
		sent++
		wg.Go(func() {
			t0 := time.Now()
			_, err := vote(client, base, id, tok, method)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				return
			}
			lat = append(lat, d)
		})
	}
	wg.Wait()
	slices.Sort(lat)
	pct := func(q float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
	}
	fmt.Printf("%-9s %7d %9d %10.2f %10.0f %9.2f %9.2f %9.2f %7d\n", name, nUsers, p.Upvotes, burst.Seconds(),
		float64(sent)/dur.Seconds(), pct(0.5), pct(0.9), pct(0.99), failed+len(errs))
}

// vote sends one upvote (POST) or un-vote (DELETE) and returns the count.
func vote(c *http.Client, base, id, token, method string) (int, error) {
	req, err := http.NewRequest(method, base+"/api/papers/"+id+"/upvote", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var out struct {
		Upvotes int  `json:"upvotes"`
		Upvoted bool `json:"upvoted"`
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return 0, fmt.Errorf("%s %s: %d %s", method, id, resp.StatusCode, b)
	}
	err = json.NewDecoder(resp.Body).Decode(&out)
	return out.Upvotes, err
}

// Command mail measures the digest path end to end: 10,000 confirmed
// subscribers (-subscribers), a third of them with saved searches, get the
// day's digest rendered, queued in the outbox and delivered over SMTP to a
// local sink, on SQLite and, with -database-url, PostgreSQL. It reports
// mails per second for queuing (render + insert), for sending, and overall,
// and the peak resident memory of the process that did it.
//
// Each store runs in its own child process, so each peak RSS is its own;
// the SMTP sink (emersion/go-smtp, counting and discarding) runs in another.
//
//	go run ./bench/mail                                   # SQLite only
//	go run ./bench/mail -database-url postgres://…/db     # SQLite, then PostgreSQL
//	go run ./bench/mail -foryou 1000                      # 1,000 of them opted in to For you
//
// With -foryou N, the first N subscribers have an account with 10 upvotes
// and their digest's For-you section on: each costs a ranking of the day.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/mail"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/digest"
	"github.com/paperwire/paperwire/foryou"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/smtptest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

var categories = []string{"cs.CL", "cs.LG", "cs.CV", "cs.AI", "cs.RO", "stat.ML", "math.OC", "cs.IR", "cs.CR", "eess.AS",
	"q-bio.NC", "physics.comp-ph", "cs.SE", "cs.HC", "cs.DB", "cs.DC", "econ.EM", "astro-ph.IM", "cs.NE", "cs.SD"}

var words = []string{"diffusion", "transformer", "graph", "retrieval", "protein", "robot", "reinforcement", "language",
	"vision", "speech", "privacy", "federated", "causal", "quantum", "sparse", "agent", "benchmark", "alignment", "kernel", "bayesian"}

func main() {
	dbURL := flag.String("database-url", "", "also measure this (empty) PostgreSQL database")
	subs := flag.Int("subscribers", 10000, "confirmed subscribers")
	papers := flag.Int("papers", 3000, "papers listed on the digest's day")
	forYou := flag.Int("foryou", 0, "subscribers with an account of 10 upvotes who opted in to the For-you section")
	child := flag.String("child", "", "internal: measure one store (sqlite or a postgres URL)")
	sink := flag.Bool("sink", false, "internal: run the SMTP sink and print its address")
	flag.Parse()
	switch {
	case *sink:
		runSink()
	case *child != "":
		measure(*child, *subs, *papers, *forYou)
	default:
		parent(*dbURL, *subs, *papers, *forYou)
	}
}

// runSink serves SMTP until stdin closes, printing its address, then the count.
func runSink() {
	s, err := smtptest.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s.Discard = true
	fmt.Println(s.Addr)
	io.Copy(io.Discard, os.Stdin) //nolint:errcheck // EOF ends the sink
	fmt.Fprintln(os.Stderr, "sink accepted", s.Accepted())
}

func parent(dbURL string, subs, papers, forYou int) {
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	sink := exec.Command(self, "-sink")
	stdin, _ := sink.StdinPipe()
	stdout, _ := sink.StdoutPipe()
	sink.Stderr = os.Stderr
	if err := sink.Start(); err != nil {
		log.Fatal(err)
	}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		log.Fatal(err)
	}
	addr = strings.TrimSpace(addr)
	fmt.Printf("%-9s %6s %7s %9s %9s %10s %10s %11s %9s\n", "store", "subs", "queued", "queue_s", "send_s", "queue_m/s", "send_m/s", "overall_m/s", "peak_MB")
	targets := []string{"sqlite"}
	if dbURL != "" {
		targets = append(targets, dbURL)
	}
	for _, t := range targets {
		cmd := exec.Command(self, "-child", t, "-subscribers", fmt.Sprint(subs), "-papers", fmt.Sprint(papers), "-foryou", fmt.Sprint(forYou))
		cmd.Env = append(os.Environ(), "BENCH_SMTP="+addr)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("%s: %v", t, err)
		}
	}
	stdin.Close()
	sink.Wait()
}

func measure(target string, nSubs, nPapers, nForYou int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := os.MkdirTemp("", "mail-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	opts := instance.Options{DataDir: filepath.Join(dir, "data"), Getenv: func(string) string { return "" },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	name := "sqlite"
	if target != "sqlite" {
		opts.DatabaseURL, name = target, "postgres"
	}
	in, err := instance.Open(ctx, opts)
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	day := paperwire.Day(time.Now().AddDate(0, 0, -1)).Start
	seedPapers(ctx, in, rng, day, nPapers)
	if err := in.OpenSearch(ctx); err != nil {
		log.Fatal(err)
	}
	ms := store.NewMailStore(in.DB)
	seedSubscribers(ctx, ms, rng, nSubs)
	seedForYou(ctx, in, ms, rng, nForYou, nPapers)

	svc, err := pwmail.NewService(ctx, ms, pwmail.Options{BaseURL: "https://papers.example.org", Enabled: true})
	if err != nil {
		log.Fatal(err)
	}
	ws := in.WebSearcher()
	search := func(ctx context.Context, q string, limit int) ([]*paperwire.Paper, error) {
		res, err := ws.Search(ctx, web.SearchRequest{Query: q, Limit: min(limit, 100)})
		if err != nil {
			return nil, err
		}
		out := make([]*paperwire.Paper, len(res.Hits))
		for i, h := range res.Hits {
			out[i] = h.Paper
		}
		return out, nil
	}
	b := &digest.Builder{Mail: svc, Papers: in.Papers, Search: search,
		ForYou: &foryou.Picker{Papers: in.Papers, Votes: in.Papers, Collections: in.Papers, Authors: in.Papers, Ranker: in.ForYou()}}
	p, err := digest.Latest(ctx, in.Papers, paperwire.FrequencyDaily, time.Now())
	if err != nil {
		log.Fatal(err)
	}
	if f := os.Getenv("BENCH_CPUPROFILE"); f != "" {
		pf, _ := os.Create(f)
		pprof.StartCPUProfile(pf)
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	res, err := b.Build(ctx, p, digest.Options{AllDue: true})
	if err != nil {
		log.Fatal(err)
	}
	queued := time.Since(start)
	cfg, err := pwmail.ParseSMTPURL("smtp://" + os.Getenv("BENCH_SMTP") + "?tls=none")
	if err != nil {
		log.Fatal(err)
	}
	w := &pwmail.Worker{Outbox: ms, Transport: pwmail.NewSender(cfg), From: &mail.Address{Name: "Paperwire", Address: "papers@example.org"},
		Holder: "bench", Batch: 100}
	start = time.Now()
	st, err := w.Drain(ctx)
	if err != nil {
		log.Fatal(err)
	}
	sent := time.Since(start)
	if st.Sent != res.Queued {
		log.Fatalf("queued %d, sent %v", res.Queued, st)
	}
	n := float64(res.Queued)
	fmt.Printf("%-9s %6d %7d %9.1f %9.1f %10.0f %10.0f %11.0f %9.0f\n", name, nSubs, res.Queued, queued.Seconds(), sent.Seconds(),
		n/queued.Seconds(), n/sent.Seconds(), n/(queued+sent).Seconds(), peakRSS())
}

func seedPapers(ctx context.Context, in *instance.Instance, rng *rand.Rand, day time.Time, n int) {
	var ps []*paperwire.Paper
	for i := range n {
		title := make([]string, 6)
		for j := range title {
			title[j] = words[rng.IntN(len(words))]
		}
		abstract := make([]string, 120)
		for j := range abstract {
			abstract[j] = words[rng.IntN(len(words))]
		}
		ps = append(ps, &paperwire.Paper{ID: fmt.Sprintf("2612.%05d", i+1), Title: strings.Join(title, " "), Abstract: strings.Join(abstract, " "),
			Authors: []string{"A. Author", "B. Author", "C. Author"}, Categories: []string{categories[rng.IntN(len(categories))]},
			ListedOn: day, Upvotes: rng.IntN(50)})
	}
	for i := 0; i < len(ps); i += 500 {
		if _, err := in.Papers.UpsertPapers(ctx, ps[i:min(i+500, len(ps))]); err != nil {
			log.Fatal(err)
		}
	}
}

// seedSubscribers stores n confirmed subscribers with 0–3 categories each;
// every third has one or two saved searches of two words.
func seedSubscribers(ctx context.Context, ms *store.MailStore, rng *rand.Rand, n int) {
	for i := range n {
		prefs := paperwire.DefaultPrefs()
		for range rng.IntN(4) {
			prefs.Categories = append(prefs.Categories, categories[rng.IntN(len(categories))])
		}
		sub, err := ms.PutSubscriber(ctx, fmt.Sprintf("reader%05d@example.org", i), 0, prefs, true)
		if err != nil {
			log.Fatal(err)
		}
		if i%3 == 0 {
			for range 1 + rng.IntN(2) {
				q := words[rng.IntN(len(words))] + " " + words[rng.IntN(len(words))]
				if _, err := ms.SaveSearch(ctx, sub.ID, q); err != nil {
					log.Fatal(err)
				}
			}
		}
	}
}

// seedForYou gives the first n subscribers an account with 10 upvotes of
// the day's papers and turns their For-you section on.
func seedForYou(ctx context.Context, in *instance.Instance, ms *store.MailStore, rng *rand.Rand, n, nPapers int) {
	for i := range n {
		email := fmt.Sprintf("reader%05d@example.org", i)
		u := &paperwire.User{Name: fmt.Sprintf("reader%05d", i), Email: email, PasswordHash: "-", EmailVerified: true}
		if err := in.Users.CreateUser(ctx, u); err != nil {
			log.Fatal(err)
		}
		sub, err := ms.SubscriberByEmail(ctx, email)
		if err != nil {
			log.Fatal(err)
		}
		if err := ms.SetForYou(ctx, sub.ID, u.ID, true); err != nil {
			log.Fatal(err)
		}
		for range 10 {
			if _, err := in.Papers.Upvote(ctx, u.ID, fmt.Sprintf("2612.%05d", 1+rng.IntN(nPapers))); err != nil {
				log.Fatal(err)
			}
		}
	}
}

// peakRSS is the process's peak resident set (VmHWM) in MB.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

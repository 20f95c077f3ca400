// Command mailqueue measures the queue under the mail: Paperwire's outbox
// table (store.MailStore claimed by mail.Worker) against River
// (github.com/riverqueue/river v0.51.2, with its SQLite and pgx drivers), on
// SQLite and PostgreSQL. Both queue the same -n pre-rendered messages
// (digest-sized: a 3 KB text part and a 12 KB HTML part), then deliver
// them over SMTP to an in-process sink through one connection per worker;
// it reports messages per second for queuing and for draining the queue.
//
// It is its own module so that River stays out of Paperwire's go.mod:
//
//	cd bench/mailqueue && go run . -database-url postgres://…/db
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/smtptest"
	pwmail "github.com/paperwire/paperwire/mail"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/sqlite"
	"github.com/paperwire/paperwire/store"
)

var from = &mail.Address{Name: "Paperwire", Address: "papers@example.org"}

func main() {
	dbURL := flag.String("database-url", "", "also measure on this PostgreSQL server (a database per run is made beside it: the URL's database must allow CREATE DATABASE)")
	n := flag.Int("n", 10000, "messages")
	flag.Parse()
	ctx := context.Background()
	sink, err := smtptest.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	sink.Discard = true
	smtp, _ := pwmail.ParseSMTPURL(sink.URL())
	dir, err := os.MkdirTemp("", "mailqueue")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	msgs := messages(*n)
	fmt.Printf("%-9s %-7s %6s %9s %9s %10s %10s\n", "store", "queue", "n", "queue_s", "drain_s", "queue_m/s", "drain_m/s")

	// Outbox on SQLite.
	db, err := sqlite.Open(ctx, filepath.Join(dir, "outbox.db"))
	if err != nil {
		log.Fatal(err)
	}
	report("sqlite", "outbox", *n, outbox(ctx, db, smtp, msgs))
	db.Close()
	// River on SQLite: one connection, as its driver asks.
	sq, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "river.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		log.Fatal(err)
	}
	sq.SetMaxOpenConns(1)
	report("sqlite", "river", *n, runRiver(ctx, riversqlite.New(sq), smtp, msgs))
	sq.Close()

	if *dbURL == "" {
		return
	}
	db, err = postgres.Open(ctx, *dbURL)
	if err != nil {
		log.Fatal(err)
	}
	report("postgres", "outbox", *n, outbox(ctx, db, smtp, msgs))
	db.Close()
	pool, err := pgxpool.New(ctx, *dbURL)
	if err != nil {
		log.Fatal(err)
	}
	report("postgres", "river", *n, runRiver(ctx, riverpgxv5.New(pool), smtp, msgs))
	pool.Close()
	fmt.Println("sink accepted", sink.Accepted())
}

type timing struct{ queue, drain time.Duration }

func report(st, q string, n int, t timing) {
	fmt.Printf("%-9s %-7s %6d %9.2f %9.2f %10.0f %10.0f\n", st, q, n, t.queue.Seconds(), t.drain.Seconds(),
		float64(n)/t.queue.Seconds(), float64(n)/t.drain.Seconds())
}

// messages are n digest-sized messages to distinct addresses.
func messages(n int) []*paperwire.OutboxMessage {
	text := strings.Repeat("Trending paper title, authors and a short abstract of the paper. ", 48)
	html := "<p>" + strings.Repeat("<a href=\"https://papers.example.org/papers/2612.00001\">Trending paper title</a> authors, abstract. ", 120) + "</p>"
	out := make([]*paperwire.OutboxMessage, n)
	for i := range out {
		key := fmt.Sprintf("digest:daily:2026-12-01:%d", i+1)
		out[i] = &paperwire.OutboxMessage{Kind: paperwire.MailDigest, DedupeKey: key, Recipient: fmt.Sprintf("reader%05d@example.org", i),
			Subject: "Trending papers", Text: text, HTML: html, Unsubscribe: "https://papers.example.org/mail/unsubscribe/t",
			MessageID: key + "@papers.example.org"}
	}
	return out
}

func outbox(ctx context.Context, db *store.DB, smtp pwmail.SMTPConfig, msgs []*paperwire.OutboxMessage) timing {
	ms := store.NewMailStore(db)
	var t timing
	start := time.Now()
	for i := 0; i < len(msgs); i += 500 {
		if _, err := ms.EnqueueAll(ctx, msgs[i:min(i+500, len(msgs))]); err != nil {
			log.Fatal(err)
		}
	}
	t.queue = time.Since(start)
	w := &pwmail.Worker{Outbox: ms, Transport: pwmail.NewSender(smtp), From: from, Holder: "bench", Batch: 100}
	start = time.Now()
	st, err := w.Drain(ctx)
	if err != nil || st.Sent != len(msgs) {
		log.Fatalf("outbox drain: %v %v", st, err)
	}
	t.drain = time.Since(start)
	return t
}

// riverArgs is a River job carrying one rendered message.
type riverArgs struct {
	MailKind, Key, To, Subject, Text, HTML, Unsubscribe, MessageID string
}

func (riverArgs) Kind() string { return "mail" }

type mailWorker struct {
	river.WorkerDefaults[riverArgs]
	sender *pwmail.Sender
	done   *atomic.Int64
	all    chan struct{}
	n      int64
}

func (w *mailWorker) Work(ctx context.Context, job *river.Job[riverArgs]) error {
	a := job.Args
	m, err := pwmail.Compose(from, &paperwire.OutboxMessage{Kind: a.MailKind, DedupeKey: a.Key, Recipient: a.To, Subject: a.Subject,
		Text: a.Text, HTML: a.HTML, Unsubscribe: a.Unsubscribe, MessageID: a.MessageID}, time.Now())
	if err != nil {
		return err
	}
	if err := w.sender.Send(ctx, m); err != nil {
		return err
	}
	if w.done.Add(1) == w.n {
		close(w.all)
	}
	return nil
}

func runRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], smtp pwmail.SMTPConfig, msgs []*paperwire.OutboxMessage) timing {
	migrator, err := rivermigrate.New(driver, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		log.Fatal(err)
	}
	w := &mailWorker{sender: pwmail.NewSender(smtp), done: &atomic.Int64{}, all: make(chan struct{}), n: int64(len(msgs))}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	// One worker, one SMTP connection, like the outbox's worker; fetches
	// as eagerly as River allows.
	client, err := river.NewClient(driver, &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}},
		Workers:           workers,
		FetchCooldown:     river.FetchCooldownMin,
		FetchPollInterval: 10 * time.Millisecond,
	})
	if err != nil {
		log.Fatal(err)
	}
	var t timing
	start := time.Now()
	for i := 0; i < len(msgs); i += 500 {
		var params []river.InsertManyParams
		for _, m := range msgs[i:min(i+500, len(msgs))] {
			params = append(params, river.InsertManyParams{Args: riverArgs{MailKind: m.Kind, Key: m.DedupeKey, To: m.Recipient, Subject: m.Subject,
				Text: m.Text, HTML: m.HTML, Unsubscribe: m.Unsubscribe, MessageID: m.MessageID},
				InsertOpts: &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}})
		}
		if _, err := client.InsertMany(ctx, params); err != nil {
			log.Fatal(err)
		}
	}
	t.queue = time.Since(start)
	start = time.Now()
	if err := client.Start(ctx); err != nil {
		log.Fatal(err)
	}
	select {
	case <-w.all:
	case <-time.After(30 * time.Minute):
		log.Fatalf("river: %d of %d done after 30 minutes", w.done.Load(), len(msgs))
	}
	t.drain = time.Since(start)
	stop, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	client.Stop(stop) //nolint:errcheck // measured already
	w.sender.Close()
	return t
}

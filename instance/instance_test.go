package instance

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/pgtest"
)

// noEnv is an empty environment: every setting at its default.
func noEnv(string) string { return "" }

// openTest opens dir with an empty environment, logging to log (nil
// discards), and closes it when the test ends.
func openTest(tb testing.TB, dir string, log io.Writer) *Instance {
	tb.Helper()
	logger := slog.New(slog.DiscardHandler)
	if log != nil {
		logger = slog.New(slog.NewTextHandler(log, nil))
	}
	in, err := Open(context.Background(), Options{DataDir: dir, Logger: logger, Getenv: noEnv})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { in.Close() })
	return in
}

// openOpts opens an instance with opts and closes it when the test ends.
func openOpts(tb testing.TB, opts Options) *Instance {
	tb.Helper()
	in, err := Open(context.Background(), opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { in.Close() })
	return in
}

// TestMain stops the throwaway PostgreSQL cluster the tests started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// seed writes n papers to the data directory dir through the store.
func seed(tb testing.TB, dir string, n int) {
	tb.Helper()
	ctx := context.Background()
	in, err := Open(ctx, Options{DataDir: dir, Getenv: noEnv})
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	topics := []string{"graph neural networks", "diffusion models", "protein folding", "speech recognition"}
	var batch []*paperwire.Paper
	for i := 0; i < n; i++ {
		topic := topics[i%len(topics)]
		batch = append(batch, &paperwire.Paper{
			ID:         fmt.Sprintf("2501.%05d", i+1),
			Title:      fmt.Sprintf("On %s, part %d", topic, i),
			Abstract:   fmt.Sprintf("We study %s with method number %d and report results.", topic, i),
			Authors:    []string{"Ada Lovelace"},
			Categories: []string{"cs.LG"},
			ListedOn:   time.Date(2025, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Withdrawn:  i == 2,
		})
		if len(batch) == 1000 || i == n-1 {
			if _, err := in.Papers.UpsertPapers(ctx, batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// allPapers reads every paper of the data directory dir, oldest change first.
func allPapers(tb testing.TB, dir string) []*paperwire.Paper {
	tb.Helper()
	in, err := Open(context.Background(), Options{DataDir: dir, Getenv: noEnv})
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	ps, err := in.Papers.ChangesSince(context.Background(), 0, 1<<30)
	if err != nil {
		tb.Fatal(err)
	}
	return ps
}

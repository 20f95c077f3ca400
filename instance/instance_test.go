package instance

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/fixture"
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

// seed writes n papers (fixture.Seed) to the data directory dir through the store.
func seed(tb testing.TB, dir string, n int) {
	tb.Helper()
	in, err := Open(context.Background(), Options{DataDir: dir, Getenv: noEnv})
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	fixture.Seed(tb, in.Papers, n)
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

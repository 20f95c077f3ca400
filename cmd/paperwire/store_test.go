package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/internal/storetest"
)

// TestMain stops the throwaway PostgreSQL cluster the tests started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestMigrateCommand: migrate on a new database applies every migration and
// names them; run again it says the database is up to date; on both stores.
func TestMigrateCommand(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			args := storeArgs(t, kind)
			env, out, errb := testEnv()
			if code := Run(t.Context(), env, append([]string{"migrate"}, args...)); code != 0 {
				t.Fatalf("migrate: exit %d: %s", code, errb)
			}
			if !strings.Contains(out.String(), "applied migrations/0001_papers.sql") {
				t.Fatalf("migrate said:\n%s", out)
			}
			env, out, errb = testEnv()
			if code := Run(t.Context(), env, append([]string{"migrate"}, args...)); code != 0 || !strings.Contains(out.String(), "up to date") {
				t.Fatalf("second migrate: exit %d: %s %s", code, out, errb)
			}
		})
	}
}

// TestServeNoMigrateRefusesPending: serve --no-migrate on a database that
// needs migrations exits 1 with advice, before listening.
func TestServeNoMigrateRefusesPending(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			env, _, errb := testEnv()
			args := append([]string{"serve", "--no-migrate", "--addr", "127.0.0.1:0"}, storeArgs(t, kind)...)
			if code := Run(t.Context(), env, args); code != 1 || !strings.Contains(errb.String(), "paperwire migrate") {
				t.Fatalf("exit %d: %s", code, errb)
			}
		})
	}
}

// TestBackupCommand copies a SQLite database that serve could be using, and
// refuses PostgreSQL with the pointer to pg_dump.
func TestBackupCommand(t *testing.T) {
	data := t.TempDir()
	seed(t, data, 30)
	out := filepath.Join(t.TempDir(), "copy.db")
	env, stdout, errb := testEnv()
	if code := Run(t.Context(), env, []string{"backup", "--data", data, out}); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errb)
	}
	if !strings.Contains(stdout.String(), "backed up") {
		t.Fatalf("backup said %q", stdout)
	}
	copyDir := t.TempDir()
	if err := os.Rename(out, filepath.Join(copyDir, "paperwire.db")); err != nil {
		t.Fatal(err)
	}
	if n := len(allPapersAt(t, []string{"--data", copyDir})); n != 30 {
		t.Fatalf("the copy holds %d papers, want 30", n)
	}
	env, _, _ = testEnv()
	if code := Run(t.Context(), env, []string{"backup", "--data", data}); code != 2 {
		t.Fatalf("backup without a file: exit %d", code)
	}
	env, _, errb = testEnv()
	if code := Run(t.Context(), env, append([]string{"backup"}, append(storeArgs(t, "postgres"), out)...)); code != 1 || !strings.Contains(errb.String(), "pg_dump") {
		t.Fatalf("backup of PostgreSQL: exit %d: %s", code, errb)
	}
}

// TestBadDatabaseURL: each mistake an operator makes with the database URL
// gives one line and a non-zero exit within 10 s, from the real binary, with
// the password never shown.
func TestBadDatabaseURL(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary")
	}
	good := storetest.Target(t, "postgres")
	cases := []struct{ name, url, want string }{
		{"not postgres", "mysql://u:pw@localhost/x", "must be a postgres:// URL"},
		{"bad port", "postgres://u:pw@localhost:notaport/x", "not valid"},
		{"unreachable", "postgres://u:hunter22@127.0.0.1:1/x", "cannot reach"},
		{"wrong user", strings.Replace(good, "postgres://postgres@", "postgres://nobody:hunter22@", 1), "user name or password"},
		{"missing database", good[:strings.LastIndex(good, "/")] + "/missing_db", "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, errOut, code := runBinary(t, "stats", "--data", t.TempDir(), "--database-url", c.url)
			if code == 0 || time.Since(start) > 10*time.Second {
				t.Fatalf("exit %d after %s", code, time.Since(start))
			}
			lines := strings.Split(strings.TrimSpace(errOut), "\n")
			if len(lines) == 2 && strings.HasPrefix(lines[1], "Run 'paperwire stats --help'") {
				lines = lines[:1] // a usage error points at --help
			}
			if len(lines) != 1 || !strings.Contains(lines[0], c.want) || strings.Contains(errOut, "hunter22") || strings.Contains(errOut, "goroutine") {
				t.Fatalf("stderr %q: want one line with %q and no password", errOut, c.want)
			}
		})
	}
}

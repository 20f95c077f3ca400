// Package pgtest gives tests a real PostgreSQL database: a fresh, empty
// database per test on the server PAPERWIRE_TEST_DATABASE_URL names, or else
// on a throwaway cluster this test process starts itself (initdb and
// postgres in a temporary directory, on a free loopback port) and stops
// when it exits. When no server can be had the test is skipped, except
// under CI=true, where it fails: CI installs PostgreSQL, so a skip there
// would hide a broken setup.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// EnvURL names an existing server to create test databases on; its user
// must be allowed to CREATE DATABASE.
const EnvURL = "PAPERWIRE_TEST_DATABASE_URL"

var (
	once      sync.Once
	serverURL string // admin URL of the server, ending in a database to connect to
	startErr  error
	cluster   *exec.Cmd
	clusterTo string // the cluster's directory, removed by Main
	counter   atomic.Int64
)

// Main runs the package's tests and then stops the cluster if one was
// started; call it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop stops the throwaway cluster, if one runs.
func Stop() {
	if cluster != nil && cluster.Process != nil {
		cluster.Process.Signal(syscall.SIGQUIT) // immediate shutdown: the data is thrown away
		done := make(chan struct{})
		go func() { cluster.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cluster.Process.Kill()
		}
		cluster = nil
	}
	if clusterTo != "" {
		os.RemoveAll(clusterTo)
		clusterTo = ""
	}
}

// URL returns the URL of a new, empty database for tb, dropped when tb ends.
func URL(tb testing.TB) string {
	tb.Helper()
	admin, err := Server()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is needed under CI=true: %v", err)
		}
		tb.Skipf("no PostgreSQL server (set %s or install postgresql): %v", EnvURL, err)
	}
	name := fmt.Sprintf("pwtest_%d_%d", os.Getpid(), counter.Add(1))
	db, err := sql.Open("pgx", admin)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, _ := url.Parse(admin)
	u.Path = "/" + name
	return u.String()
}

// Server returns the admin URL of the test server, starting the throwaway
// cluster on first use.
func Server() (string, error) {
	once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			serverURL = u
			startErr = ping(u, 10*time.Second)
			return
		}
		serverURL, startErr = start()
	})
	return serverURL, startErr
}

// start runs initdb and postgres in a new temporary directory. PostgreSQL
// refuses to run as root, so as root it runs as the postgres user, which
// Debian's package creates.
func start() (string, error) {
	bin, err := binDir()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "paperwire-pg-")
	if err != nil {
		return "", err
	}
	clusterTo = dir
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return "", fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			return "", err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %v: %s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	pg := exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=64MB")
	// The cluster dies with this process even if Main never runs (a test
	// binary killed by its timeout).
	pg.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	logFile, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return "", err
	}
	pg.Stdout, pg.Stderr = logFile, logFile
	if err := pg.Start(); err != nil {
		return "", fmt.Errorf("start postgres: %w", err)
	}
	cluster = pg
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	if err := ping(u, 30*time.Second); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
		return "", fmt.Errorf("postgres did not start: %v\n%s", err, log)
	}
	return u, nil
}

// binDir finds PostgreSQL's server programs: on PATH, or where Debian puts them.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return "", errors.New("initdb not found on PATH or in /usr/lib/postgresql/*/bin")
	}
	return filepath.Dir(matches[len(matches)-1]), nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// ping waits until the server at u answers.
func ping(u string, within time.Duration) error {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

var _ = stdlib.GetDefaultDriver // registers the "pgx" database/sql driver

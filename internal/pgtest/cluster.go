package pgtest

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Cluster is a PostgreSQL server of one test's own, which the test may stop
// and start again on the same port and data (fault tests: a database
// restarted under load). The shared server of URL is never restarted.
type Cluster struct {
	bin, dir, data string
	port           int
	cred           *syscall.Credential
	cmd            *exec.Cmd
}

// NewCluster starts a new cluster for tb, stopped when tb ends. Without
// PostgreSQL's programs the test is skipped, or fails under CI=true.
func NewCluster(tb testing.TB) *Cluster {
	tb.Helper()
	bin, err := binDir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		tb.Skipf("no PostgreSQL: %v", err)
	}
	dir, err := os.MkdirTemp("", "paperwire-pgc-")
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cluster{bin: bin, dir: dir, data: filepath.Join(dir, "data")}
	tb.Cleanup(func() {
		c.Stop(tb)
		os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Fatalf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		tb.Fatalf("initdb: %v: %s", err, out)
	}
	if c.port, err = freePort(); err != nil {
		tb.Fatal(err)
	}
	c.Start(tb)
	return c
}

// URL is the admin URL of the cluster's postgres database.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// DatabaseURL is the URL of database name on the cluster.
func (c *Cluster) DatabaseURL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, name)
}

// Start starts the server and waits until it answers.
func (c *Cluster) Start(tb testing.TB) {
	tb.Helper()
	pg := exec.Command(filepath.Join(c.bin, "postgres"), "-D", c.data, "-p", strconv.Itoa(c.port), "-k", c.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=100", "-c", "shared_buffers=32MB")
	pg.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	log, err := os.OpenFile(filepath.Join(c.dir, "postgres.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		tb.Fatal(err)
	}
	defer log.Close()
	pg.Stdout, pg.Stderr = log, log
	if err := pg.Start(); err != nil {
		tb.Fatalf("start postgres: %v", err)
	}
	c.cmd = pg
	if err := ping(c.URL(), 30*time.Second); err != nil {
		out, _ := os.ReadFile(filepath.Join(c.dir, "postgres.log"))
		tb.Fatalf("postgres did not start: %v\n%s", err, out)
	}
}

// Stop shuts the server down the way an operator's restart does (fast
// shutdown: clients are disconnected, committed data is kept) and waits
// until it has exited.
func (c *Cluster) Stop(tb testing.TB) {
	tb.Helper()
	if c.cmd == nil || c.cmd.Process == nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGINT) //nolint:errcheck // already gone is fine
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }() //nolint:errcheck // the exit status of a stopped server says nothing
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		c.cmd.Process.Kill() //nolint:errcheck // last resort
		<-done
	}
	c.cmd = nil
}

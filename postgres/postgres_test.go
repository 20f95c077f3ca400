package postgres_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/internal/pgtest"
	"github.com/paperwire/paperwire/postgres"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestOpenErrorsAreOneClearLine covers what an operator gets wrong: each
// must fail within 10 s with one line that says what is wrong, never
// showing the password.
func TestOpenErrorsAreOneClearLine(t *testing.T) {
	good, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	with := func(f func(u *url.URL)) string {
		u := *good
		f(&u)
		return u.String()
	}
	// A port nothing listens on: bind one, then close it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	// A port that accepts and never answers: the connect timeout must fire.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	cases := []struct {
		name, url, want string
	}{
		{"not a URL", "postgres://host:notaport/db", "not valid"},
		{"unreachable", with(func(u *url.URL) { u.Host = net.JoinHostPort("127.0.0.1", itoa(closedPort)) }), "connect to"},
		{"silent server", with(func(u *url.URL) { u.Host = silent.Addr().String() }), "connect to"},
		{"unknown user", with(func(u *url.URL) { u.User = url.UserPassword("nobody", "s3cret-pw") }), "user name or password"},
		{"missing database", with(func(u *url.URL) { u.Path = "/no_such_db" }), "create it first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			db, err := postgres.Open(context.Background(), c.url)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			msg := err.Error()
			if took := time.Since(start); took > 12*time.Second {
				t.Errorf("took %s", took)
			}
			if !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "s3cret-pw") {
				t.Errorf("error %q: want one line containing %q and no password", msg, c.want)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRedact(t *testing.T) {
	got := postgres.Redact("postgres://u:secret@db.example:5432/pw?sslmode=require")
	if strings.Contains(got, "secret") || !strings.Contains(got, "db.example") {
		t.Fatalf("Redact = %q", got)
	}
}

package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/storetest"
)

// TestUserCommands creates an admin from stdin, prints a token that works,
// lists, and disables, on both stores.
func TestUserCommands(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			at := storeArgs(t, kind)
			run := func(stdin string, args ...string) (string, string, int) {
				env, out, errb := testEnv()
				env.Stdin = strings.NewReader(stdin)
				code := Run(t.Context(), env, append(append([]string{"user"}, args...), at...))
				return out.String(), errb.String(), code
			}
			out, errOut, code := run("s3cret-passw0rd\n", "create", "--name", "root", "--email", "root@example.org", "--admin")
			if code != 0 || !strings.Contains(out, "created admin root") {
				t.Fatalf("create: exit %d %s %s", code, out, errOut)
			}
			if _, errOut, code := run("s3cret-passw0rd\n", "create", "--name", "ROOT", "--email", "x@example.org"); code != 1 || !strings.Contains(errOut, "taken") {
				t.Fatalf("duplicate name: exit %d %s", code, errOut)
			}
			if _, errOut, code := run("short\n", "create", "--name", "bob", "--email", "bob@example.org"); code != 2 || !strings.Contains(errOut, "8 to 1024") {
				t.Fatalf("weak password: exit %d %s", code, errOut)
			}
			if _, errOut, code := run("", "create", "--name", "<b>", "--email", "b@example.org"); code != 2 {
				t.Fatalf("bad name: exit %d %s", code, errOut)
			}
			token, _, code := run("", "token", "--name", "root")
			token = strings.TrimSpace(token)
			if code != 0 || !strings.HasPrefix(token, auth.TokenPrefix) {
				t.Fatalf("token: exit %d %q", code, token)
			}
			in := openAt(t, at)
			u, err := in.Users.TokenUser(context.Background(), auth.Hash(token))
			if err != nil || u.Name != "root" || !u.Admin {
				t.Fatalf("the printed token: %v %v", u, err)
			}
			if err := in.Users.CreateSession(context.Background(), "sess", u.ID, time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if out, _, code := run("n3w-passw0rd\n", "password", "--name", "root"); code != 0 || !strings.Contains(out, "new password set") {
				t.Fatalf("password: exit %d %s", code, out)
			}
			changed, _ := in.Users.UserByName(context.Background(), "root")
			if !auth.CheckPassword(changed.PasswordHash, "n3w-passw0rd") || auth.CheckPassword(changed.PasswordHash, "s3cret-passw0rd") {
				t.Fatal("the password did not change")
			}
			if _, err := in.Users.SessionUser(context.Background(), "sess"); err == nil {
				t.Fatal("a session survived the password change")
			}
			list, _, code := run("", "list")
			if code != 0 || !strings.Contains(list, "root") || !strings.Contains(list, "admin") || strings.Contains(list, "s3cret") {
				t.Fatalf("list: exit %d\n%s", code, list)
			}
			if out, _, code := run("", "disable", "--name", "root"); code != 0 || !strings.Contains(out, "disabled root") {
				t.Fatalf("disable: exit %d %s", code, out)
			}
			if _, err := in.Users.TokenUser(context.Background(), auth.Hash(token)); err == nil {
				t.Fatal("a disabled user's token still works")
			}
			if _, errOut, code := run("", "disable", "--name", "nobody"); code != 1 || !strings.Contains(errOut, "No such user") {
				t.Fatalf("disable unknown: exit %d %s", code, errOut)
			}
		})
	}
}

// openAt opens the store that storeArgs named, closed when the test ends
// (closing it earlier is fine).
func openAt(t *testing.T, args []string) *instance.Instance {
	t.Helper()
	opts := instance.Options{DataDir: args[1], Getenv: func(string) string { return "" }}
	if len(args) > 3 {
		opts.DatabaseURL = args[3]
	}
	in, err := instance.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

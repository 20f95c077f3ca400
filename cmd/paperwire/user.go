package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/instance"
)

// runUser manages accounts from the command line: the way the first admin
// is made, and the only way in when PAPERWIRE_SIGNUP=closed.
func runUser(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stdout, userUsage)
		if len(args) == 0 {
			return usageError{"user needs a subcommand: create, token, list or disable"}
		}
		return nil
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "create":
		return runUserCreate(ctx, env, rest)
	case "token":
		return runUserToken(ctx, env, rest)
	case "list":
		return runUserList(ctx, env, rest)
	case "disable", "enable":
		return runUserDisable(ctx, env, rest, sub == "disable")
	case "password":
		return runUserPassword(ctx, env, rest)
	}
	return usageError{fmt.Sprintf("unknown user subcommand %q: want create, token, list, password, disable or enable", sub)}
}

const userUsage = `Usage: paperwire user SUBCOMMAND [flags]

  create  --name N --email E [--admin]   create an account; the password is read from the terminal, or from stdin
  token   --name N [--label L]           print a new API token for N (shown once; stored hashed)
  list    [--json]                       list accounts
  password --name N                      set a new password (read like create's) and end N's sessions
  disable --name N                       disable an account: it can no longer sign in, and its sessions and tokens stop
  enable  --name N                       enable it again

Each takes --data and --database-url like every command that opens the database.
`

func runUserCreate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user")
	storeAt := addStoreFlags(fs, env)
	name := fs.String("name", "", "user `name`")
	email := fs.String("email", "", "email `address`")
	admin := fs.Bool("admin", false, "make the user an admin")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" || *email == "" {
		return usageError{"user create needs --name and --email"}
	}
	if err := paperwire.ValidateUserName(*name); err != nil {
		return usageError{paperwire.ErrorMessage(err)}
	}
	if err := paperwire.ValidateEmail(*email); err != nil {
		return usageError{paperwire.ErrorMessage(err)}
	}
	hash, err := readPasswordHash(env)
	if err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	u := &paperwire.User{Name: *name, Email: *email, PasswordHash: hash, Admin: *admin, EmailVerified: true}
	if err := in.Users.CreateUser(ctx, u); err != nil {
		return err
	}
	role := "user"
	if u.Admin {
		role = "admin"
	}
	fmt.Fprintf(env.Stdout, "created %s %s (id %d)\n", role, u.Name, u.ID)
	return nil
}

// readPasswordHash reads a new password (readPassword) and hashes it.
func readPasswordHash(env *Env) (string, error) {
	password, err := readPassword(env)
	if err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return "", usageError{err.Error()}
	}
	return hash, nil
}

// readPassword reads the new password: twice, unechoed, from a terminal;
// otherwise the first line of stdin (for scripts: `echo "$PW" | paperwire user create …`).
func readPassword(env *Env) (string, error) {
	if f, ok := env.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "Again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", usageError{"the two passwords differ"}
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usageError{"no password on stdin"}
	}
	return line, nil
}

func runUserToken(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user")
	storeAt := addStoreFlags(fs, env)
	name := fs.String("name", "", "user `name`")
	label := fs.String("label", "command line", "what the token is for, shown in settings")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, u, err := openUser(ctx, env, storeAt, "token", *name)
	if err != nil {
		return err
	}
	defer in.Close()
	token, hash, hint := auth.NewAPIToken()
	if err := in.Users.CreateToken(ctx, &paperwire.APIToken{UserID: u.ID, Name: *label, Hint: hint}, hash); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, token)
	return nil
}

// openUser opens the store and finds the user a subcommand's --name names;
// the caller closes the instance.
func openUser(ctx context.Context, env *Env, storeAt *storeFlags, sub, name string) (*instance.Instance, *paperwire.User, error) {
	if name == "" {
		return nil, nil, usageError{"user " + sub + " needs --name"}
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	u, err := in.Users.UserByName(ctx, name)
	if err != nil {
		in.Close()
		return nil, nil, err
	}
	return in, u, nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user")
	storeAt := addStoreFlags(fs, env)
	asJSON := fs.Bool("json", false, "print JSON lines")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := storeAt.open(ctx, env)
	if err != nil {
		return err
	}
	defer in.Close()
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	if !*asJSON {
		fmt.Fprintln(tw, "NAME\tEMAIL\tROLE\tSTATE\tCREATED")
	}
	for offset := 0; ; {
		users, total, err := in.Users.Users(ctx, offset, 500)
		if err != nil {
			return err
		}
		for _, u := range users {
			role, state := "user", "active"
			if u.Admin {
				role = "admin"
			}
			if u.Disabled {
				state = "disabled"
			}
			if *asJSON {
				fmt.Fprintf(env.Stdout, `{"name":%q,"email":%q,"admin":%t,"disabled":%t,"created":%q}`+"\n",
					u.Name, u.Email, u.Admin, u.Disabled, stamp(u.CreatedAt))
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Email, role, state, stamp(u.CreatedAt))
		}
		offset += len(users)
		if len(users) == 0 || offset >= total {
			break
		}
	}
	return tw.Flush()
}

// runUserPassword sets a user's password: the way back in for someone who
// forgot theirs, until mail brings password reset.
func runUserPassword(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "user")
	storeAt := addStoreFlags(fs, env)
	name := fs.String("name", "", "user `name`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usageError{"user password needs --name"}
	}
	hash, err := readPasswordHash(env)
	if err != nil {
		return err
	}
	in, u, err := openUser(ctx, env, storeAt, "password", *name)
	if err != nil {
		return err
	}
	defer in.Close()
	u.PasswordHash = hash
	if err := in.Users.UpdateUser(ctx, u); err != nil {
		return err
	}
	if err := in.Users.DeleteSessions(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "new password set for %s; their sessions are ended\n", u.Name)
	return nil
}

func runUserDisable(ctx context.Context, env *Env, args []string, disable bool) error {
	fs := newFlagSet(env, "user")
	storeAt := addStoreFlags(fs, env)
	name := fs.String("name", "", "user `name`")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, u, err := openUser(ctx, env, storeAt, "disable", *name)
	if err != nil {
		return err
	}
	defer in.Close()
	u.Disabled = disable
	if err := in.Users.UpdateUser(ctx, u); err != nil {
		return err
	}
	if disable {
		if err := in.Users.DeleteSessions(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "disabled %s\n", u.Name)
	} else {
		fmt.Fprintf(env.Stdout, "enabled %s\n", u.Name)
	}
	return nil
}

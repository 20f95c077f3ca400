// Command paperwire runs the Paperwire service and its maintenance tasks.
//
// This is the only package that wires the others together: each subcommand
// lives in its own file (serve.go, stats.go, …), parses its own flags, opens
// the data directory as an instance.Instance (the store and the search
// indexes derived from it) and wires it to the ingest, arXiv and web
// packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/internal/reqlog"
	"github.com/paperwire/paperwire/postgres"
	"github.com/paperwire/paperwire/store"
)

// command is one `paperwire NAME` subcommand.
type command struct {
	name    string
	usage   string // argument synopsis after the name
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands lists the subcommands in the order `paperwire help` shows them.
func commands() []command {
	return []command{
		{"serve", "[--addr ADDR] [--data DIR] [--no-demo]", "run the web site and JSON API", runServe},
		{"import", "[--data DIR] [--date YYYY-MM-DD] [--batch N] [--format F] [--index] FILE...", "import arXiv snapshot, daily crawl or Hugging Face daily_papers files", runImport},
		{"stats", "[--data DIR] [--json]", "print counts of papers, days and authors", runStats},
		{"harvest", "[--data DIR] [--oai-url URL] [--set SET] [--from YYYY-MM-DD] [--until YYYY-MM-DD] [--format arXiv|arXivRaw] [--delay DURATION] [--json]", "harvest papers from arXiv over OAI-PMH, continuing where the last harvest stopped", runHarvest},
		{"add", "[--data DIR] [--api-url URL] [--delay DURATION] ARXIV_ID...", "fetch papers by arXiv id from the arXiv API and store them", runAdd},
		{"search", "[--data DIR] [--json] [--limit N] QUERY", "search papers from the command line", runSearch},
		{"reindex", "[--data DIR]", "rebuild the search index from the database", runReindex},
		{"eval", "DIR [--split test] [--mode bm25|vector|hybrid|all] [--json]", "measure search quality on a BEIR-layout collection", runEval},
		{"embeddings", "train [--data DIR] [--epochs N] [--dim N] [--seed N] [--json]", "train the built-in embedding model on the papers in the data directory", runEmbeddings},
		{"user", "create|token|list|password|disable|enable [flags]", "manage accounts: create one (the first admin), print an API token, list, set a password, disable", runUser},
		{"migrate", "[--data DIR] [--database-url URL]", "apply the database's pending schema migrations", runMigrate},
		{"digest", "preview|send --period daily|weekly [--email E] [--dry-run] [--data DIR]", "preview the mail digest, or queue and send it now to every subscriber of the period", runDigest},
		{"backup", "[--data DIR] FILE", "copy the live SQLite database to FILE, consistently (PostgreSQL: use pg_dump)", runBackup},
		{"config", "[--json] [serve's flags]", "print the configuration serve would run with, where each value comes from, secrets masked", runConfig},
		{"version", "", "print the version", runVersion},
	}
}

// Env is what a subcommand may touch of the outside world; tests substitute it.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Logger *slog.Logger

	secretFiles map[string]string // secret setting → the file it was read from (resolveSecretFiles)
}

func main() {
	env := &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	logger, err := reqlog.New(os.Stderr, os.Getenv("PAPERWIRE_LOG_FORMAT"), logLevel(os.Getenv("PAPERWIRE_LOG_LEVEL")))
	if err != nil {
		fmt.Fprintln(os.Stderr, "paperwire:", err)
		os.Exit(2)
	}
	env.Logger = logger
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, env, os.Args[1:]))
}

// Run dispatches args to a subcommand and returns the process exit code:
// 0 on success, 2 for a usage error, 1 for any other failure.
func Run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if err := resolveSecretFiles(env); err != nil {
		fmt.Fprintf(env.Stderr, "paperwire: %v\n", err)
		return 2
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(env.Stderr, "paperwire %s: %v\nRun 'paperwire %s --help' for usage.\n", c.name, err, c.name)
			return 2
		default:
			fmt.Fprintf(env.Stderr, "paperwire %s: %s\n", c.name, errorText(err))
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "paperwire: unknown command %q\n\n", args[0])
	printUsage(env.Stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Paperwire: daily arXiv papers, searchable, on one binary.")
	fmt.Fprintln(w, "\nUsage: paperwire COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'paperwire COMMAND --help' for a command's flags.")
}

// errorText is what a person reads of err: a domain error's message (it was
// written for them), else the error with its wrapped causes.
func errorText(err error) string {
	if paperwire.ErrorCode(err) != paperwire.EINTERNAL {
		return paperwire.ErrorMessage(err)
	}
	return err.Error()
}

// usageError marks errors caused by how the command was called (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlagSet returns a flag set for a subcommand whose --help prints the
// synopsis, the summary and the flags to env.Stdout.
func newFlagSet(env *Env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		for _, c := range commands() {
			if c.name == name {
				fmt.Fprintf(env.Stdout, "Usage: paperwire %s %s\n\n%s.\n\nFlags:\n", c.name, c.usage, capitalize(c.summary))
			}
		}
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(env.Stderr)
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// dataDirFlag registers --data, defaulting to $PAPERWIRE_DATA_DIR or ./paperwire-data.
func dataDirFlag(fs *flag.FlagSet, env *Env) *string {
	def := env.Getenv("PAPERWIRE_DATA_DIR")
	if def == "" {
		def = "paperwire-data"
	}
	return fs.String("data", def, "data `directory` holding the derived indexes, and the SQLite database unless --database-url is given (env PAPERWIRE_DATA_DIR)")
}

// storeFlags say where a command's store is: --data, and --database-url for PostgreSQL.
type storeFlags struct {
	dataDir     *string
	databaseURL *string
	schema      store.Options
}

// addStoreFlags registers --data and --database-url on a command that opens the store.
func addStoreFlags(fs *flag.FlagSet, env *Env) *storeFlags {
	return &storeFlags{
		dataDir: dataDirFlag(fs, env),
		databaseURL: fs.String("database-url", "",
			"PostgreSQL `URL` (postgres://user:pass@host/db) to keep the papers in, shared by several instances (env PAPERWIRE_DATABASE_URL or PAPERWIRE_DATABASE_URL_FILE)"),
	}
}

// open opens the instance the flags name, with the command's logger and environment.
func (f *storeFlags) open(ctx context.Context, env *Env) (*instance.Instance, error) {
	url := *f.databaseURL
	if url == "" {
		var err error
		if url, err = secretEnv(env, "PAPERWIRE_DATABASE_URL"); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	if url != "" && !postgres.IsURL(url) {
		return nil, usageError{fmt.Sprintf("--database-url must be a postgres:// URL (SQLite lives in --data), got %q", postgres.Redact(url))}
	}
	return instance.Open(ctx, instance.Options{DataDir: *f.dataDir, DatabaseURL: url, Schema: f.schema,
		Logger: env.Logger, Getenv: env.Getenv})
}

// openInstance opens the SQLite store and indexes in dataDir (eval's
// scratch directories, tests) with the command's logger and environment.
func openInstance(ctx context.Context, env *Env, dataDir string) (*instance.Instance, error) {
	return instance.Open(ctx, instance.Options{DataDir: dataDir, Logger: env.Logger, Getenv: env.Getenv})
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelInfo
	}
	return l
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "paperwire", paperwireVersion())
	return nil
}

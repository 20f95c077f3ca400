package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/internal/lease"
	"github.com/paperwire/paperwire/internal/reqlog"
)

// setting is one PAPERWIRE_* variable, and the serve flag that overrides
// it when there is one.
type setting struct {
	Env     string
	Flag    string // serve's flag, without dashes; "" for none
	Default string // what applies when neither is given ("" shown as "(none)")
	Note    string // what the default means, when not obvious
}

// settings lists every setting Paperwire reads, in the order `paperwire
// config` shows them. Keep it in step with the code that reads them.
func settings() []setting {
	return []setting{
		{Env: "PAPERWIRE_ADDR", Flag: "addr", Default: "127.0.0.1:8080"},
		{Env: "PAPERWIRE_DATA_DIR", Flag: "data", Default: "paperwire-data"},
		{Env: "PAPERWIRE_DATABASE_URL", Flag: "database-url", Note: "SQLite in the data directory"},
		{Env: "PAPERWIRE_NO_DEMO", Flag: "no-demo", Default: "false"},
		{Flag: "no-migrate", Default: "false"},
		{Env: "PAPERWIRE_METRICS_ADDR", Flag: "metrics-addr", Note: "/metrics on the site's own address"},
		{Env: "PAPERWIRE_BASE_URL", Note: "each request's own scheme and host"},
		{Env: "PAPERWIRE_SIGNUP", Default: "open"},
		{Env: "PAPERWIRE_SUBMIT_MAX_AGE", Default: "336h"},
		{Env: "PAPERWIRE_SUBMIT_PER_DAY", Default: "5"},
		{Env: "PAPERWIRE_TRUST_PROXY", Default: "false"},
		{Env: "PAPERWIRE_API_RATE", Default: fmt.Sprint(defaultAPIRate)},
		{Env: "PAPERWIRE_API_BURST", Default: fmt.Sprint(defaultAPIBurst)},
		{Env: "PAPERWIRE_API_URL", Default: arxiv.DefaultAPIURL},
		{Env: "PAPERWIRE_OAI_URL", Default: arxiv.DefaultOAIURL},
		{Env: "PAPERWIRE_HARVEST_SETS", Note: "no scheduled harvest"},
		{Env: "PAPERWIRE_HARVEST_INTERVAL", Default: DefaultHarvestInterval.String()},
		{Env: "PAPERWIRE_HARVEST_FORMAT", Default: arxiv.FormatArXiv},
		{Env: "PAPERWIRE_LEASE_TTL", Default: lease.DefaultTTL.String()},
		{Env: "PAPERWIRE_LOG_FORMAT", Default: "text"},
		{Env: "PAPERWIRE_LOG_LEVEL", Default: "info"},
		{Env: "PAPERWIRE_EMBEDDER", Default: "builtin"},
		{Env: "PAPERWIRE_EMBEDDINGS_FILE"},
		{Env: "PAPERWIRE_EMBEDDINGS_URL"},
		{Env: "PAPERWIRE_EMBEDDINGS_MODEL"},
		{Env: "PAPERWIRE_EMBEDDINGS_KEY"},
		{Env: "PAPERWIRE_SMTP_URL", Note: "no mail"},
		{Env: "PAPERWIRE_MAIL_FROM"},
	}
}

// configEntry is one line of `paperwire config`.
type configEntry struct {
	Name   string `json:"name"`           // the variable, or --flag for a flag alone
	Flag   string `json:"flag,omitempty"` // --flag of serve that overrides it
	Value  string `json:"value"`          // secrets masked
	Source string `json:"source"`         // flag, env, file or default
	File   string `json:"file,omitempty"` // the NAME_FILE a secret was read from
	Secret bool   `json:"secret,omitempty"`
	Note   string `json:"note,omitempty"`
}

// runConfig prints the configuration serve would run with: every setting,
// its value (secrets masked), and where it came from. It takes serve's
// flags, so `paperwire config --addr :9000` shows the flag winning. Values
// that serve would refuse are reported and make it fail.
func runConfig(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "config")
	asJSON := fs.Bool("json", false, "print JSON")
	serveFlags(fs, env)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	entries := effectiveConfig(env, fs)
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(entries); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
		for _, e := range entries {
			name := e.Name
			if e.Flag != "" && !strings.HasPrefix(name, "--") {
				name += " (--" + e.Flag + ")"
			}
			value := e.Value
			if value == "" {
				value = "(none)"
			}
			if e.Source == "default" && e.Note != "" {
				value += ": " + e.Note
			}
			from := e.Source
			if e.File != "" {
				from += " " + e.File
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, value, from)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return checkConfig(env)
}

// effectiveConfig resolves each setting: a flag given on the command line,
// else a secret's NAME_FILE, else the environment, else the default.
func effectiveConfig(env *Env, fs *flag.FlagSet) []configEntry {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var out []configEntry
	for _, s := range settings() {
		e := configEntry{Name: s.Env, Flag: s.Flag, Secret: isSecret(s.Env), Note: s.Note}
		if s.Env == "" {
			e.Name, e.Flag = "--"+s.Flag, ""
		}
		switch {
		case s.Flag != "" && given[s.Flag]:
			e.Source, e.Value = "flag", fs.Lookup(s.Flag).Value.String()
		case s.Env != "" && env.secretFiles[s.Env] != "":
			e.Source, e.File, e.Value = "file", env.secretFiles[s.Env], env.Getenv(s.Env)
		case s.Env != "" && env.Getenv(s.Env) != "":
			e.Source, e.Value = "env", env.Getenv(s.Env)
		default:
			e.Source, e.Value = "default", s.Default
		}
		if e.Secret {
			e.Value = maskSecret(e.Value)
		}
		out = append(out, e)
	}
	return out
}

// checkConfig reads the settings the way serve does and reports every
// value it would refuse.
func checkConfig(env *Env) error {
	var problems []string
	if _, err := readCommunityConfig(env); err != nil {
		problems = append(problems, err.Error())
	}
	if _, err := reqlog.New(nil, env.Getenv("PAPERWIRE_LOG_FORMAT"), 0); err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("serve would refuse this configuration:\n  " + strings.Join(problems, "\n  "))
}

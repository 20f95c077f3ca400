package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigSources: `paperwire config` shows each setting's value and
// where it came from (flag over environment over default, a secret from
// its NAME_FILE), with passwords and keys masked in both output formats.
func TestConfigSources(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "smtp")
	if err := os.WriteFile(secret, []byte("smtp://mailer:s3cr3t-smtp@mail.example:587?tls=starttls\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"PAPERWIRE_ADDR":           "0.0.0.0:8080",
		"PAPERWIRE_DATA_DIR":       "/srv/paperwire",
		"PAPERWIRE_DATABASE_URL":   "postgres://app:s3cr3t-db@db.internal/paperwire?sslmode=require",
		"PAPERWIRE_SMTP_URL_FILE":  secret,
		"PAPERWIRE_EMBEDDINGS_KEY": "sk-s3cr3t-key",
		"PAPERWIRE_API_RATE":       "5",
	}
	code, out, errOut := run(t, vars, "config", "--json", "--addr", "127.0.0.1:9999")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "s3cr3t") {
		t.Fatalf("a secret is shown:\n%s", out)
	}
	var entries []configEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	got := map[string]configEntry{}
	for _, e := range entries {
		got[e.Name] = e
	}
	for name, want := range map[string]configEntry{
		"PAPERWIRE_ADDR":           {Value: "127.0.0.1:9999", Source: "flag"},
		"PAPERWIRE_DATA_DIR":       {Value: "/srv/paperwire", Source: "env"},
		"PAPERWIRE_DATABASE_URL":   {Value: "postgres://app:xxxxx@db.internal/paperwire?sslmode=require", Source: "env"},
		"PAPERWIRE_SMTP_URL":       {Value: "smtp://mailer:xxxxx@mail.example:587?tls=starttls", Source: "file", File: secret},
		"PAPERWIRE_EMBEDDINGS_KEY": {Value: "********", Source: "env"},
		"PAPERWIRE_API_RATE":       {Value: "5", Source: "env"},
		"PAPERWIRE_SIGNUP":         {Value: "open", Source: "default"},
		"--no-migrate":             {Value: "false", Source: "default"},
	} {
		e := got[name]
		if e.Value != want.Value || e.Source != want.Source || e.File != want.File {
			t.Errorf("%s: %+v, want value %q from %s %s", name, e, want.Value, want.Source, want.File)
		}
	}
	if !got["PAPERWIRE_SMTP_URL"].Secret || got["PAPERWIRE_ADDR"].Secret {
		t.Error("secret flags wrong")
	}

	// The table says the same, also without leaking.
	code, out, _ = run(t, vars, "config")
	if code != 0 || strings.Contains(out, "s3cr3t") || !strings.Contains(out, "file "+secret) ||
		!strings.Contains(out, "PAPERWIRE_ADDR (--addr)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestConfigRefusesWhatServeWould: a value serve would refuse fails config
// too, naming it; an unreadable secret file fails every command.
func TestConfigRefusesWhatServeWould(t *testing.T) {
	code, _, errOut := run(t, map[string]string{"PAPERWIRE_SIGNUP": "sometimes", "PAPERWIRE_API_BURST": "-3"}, "config")
	if code != 1 || !strings.Contains(errOut, "PAPERWIRE_SIGNUP") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, map[string]string{"PAPERWIRE_LOG_FORMAT": "xml"}, "config")
	if code != 1 || !strings.Contains(errOut, "PAPERWIRE_LOG_FORMAT") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, map[string]string{"PAPERWIRE_DATABASE_URL_FILE": "/nonexistent/db-url"}, "config")
	if code != 2 || !strings.Contains(errOut, "PAPERWIRE_DATABASE_URL_FILE") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// TestSecretFileReachesEveryReader: a secret given as NAME_FILE is what
// every reader of NAME gets (the store, the embedder, mail), and NAME
// itself wins over the file.
func TestSecretFileReachesEveryReader(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "key")
	if err := os.WriteFile(file, []byte("from-file\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"PAPERWIRE_EMBEDDINGS_KEY_FILE": file, "PAPERWIRE_SMTP_URL_FILE": file, "PAPERWIRE_SMTP_URL": "direct"}
	env := &Env{Getenv: func(k string) string { return vars[k] }}
	if err := resolveSecretFiles(env); err != nil {
		t.Fatal(err)
	}
	if got := env.Getenv("PAPERWIRE_EMBEDDINGS_KEY"); got != "from-file" {
		t.Errorf("PAPERWIRE_EMBEDDINGS_KEY = %q", got)
	}
	if got := env.Getenv("PAPERWIRE_SMTP_URL"); got != "direct" {
		t.Errorf("PAPERWIRE_SMTP_URL = %q; the variable itself should win", got)
	}
}

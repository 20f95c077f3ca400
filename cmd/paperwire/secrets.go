package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"
)

// secretSettings are the settings that may hold a password or a key. Each
// may also be given as NAME_FILE, the path of a file holding the value (a
// mounted Docker or Kubernetes secret), so it need not sit in the
// environment; `paperwire config` masks them.
var secretSettings = []string{"PAPERWIRE_DATABASE_URL", "PAPERWIRE_SMTP_URL", "PAPERWIRE_EMBEDDINGS_KEY"}

func isSecret(name string) bool {
	for _, s := range secretSettings {
		if s == name {
			return true
		}
	}
	return false
}

// resolveSecretFiles reads every secret given as NAME_FILE once, before any
// command runs, and makes env.Getenv(NAME) return it: every package reading
// a secret (the store, the embedder, mail) gets it the same way, whichever
// way it was given. NAME itself wins over NAME_FILE. A file that cannot be
// read is an error naming the variable.
func resolveSecretFiles(env *Env) error {
	if env.secretFiles != nil {
		return nil
	}
	files, values := map[string]string{}, map[string]string{}
	for _, name := range secretSettings {
		path := env.Getenv(name + "_FILE")
		if path == "" || env.Getenv(name) != "" {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s_FILE: %w", name, err)
		}
		values[name], files[name] = strings.TrimRight(string(b), "\r\n"), path
	}
	env.secretFiles = files
	if len(values) > 0 {
		getenv := env.Getenv
		env.Getenv = func(key string) string {
			if v, ok := values[key]; ok {
				return v
			}
			return getenv(key)
		}
	}
	return nil
}

// secretEnv reads a setting that may hold a secret: from $NAME, or from the
// file $NAME_FILE names (resolveSecretFiles).
func secretEnv(env *Env, name string) (string, error) {
	if err := resolveSecretFiles(env); err != nil {
		return "", err
	}
	return env.Getenv(name), nil
}

// maskSecret shows a secret's value without what must stay secret: a URL
// keeps its scheme, user, host and path with the password (in the
// userinfo or a password= parameter) masked; anything else is masked whole.
func maskSecret(v string) string {
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "********"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

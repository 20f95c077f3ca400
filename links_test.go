package paperwire

import (
	"strings"
	"testing"
)

func TestValidateGitHubRepo(t *testing.T) {
	good := map[string]string{
		"https://github.com/paperwire/paperwire": "https://github.com/paperwire/paperwire",
		" https://github.com/a-b/c.d_e/ ":        "https://github.com/a-b/c.d_e",
		"https://GitHub.com/Owner/Repo.git":      "https://github.com/Owner/Repo",
		"":                                       "",
	}
	for in, want := range good {
		if got, err := ValidateGitHubRepo(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"http://github.com/a/b", "javascript:alert(1)", "https://github.com/a", "https://github.com/a/b/c",
		"https://github.com/a/b?x=1", "https://github.com/a/b#readme", "https://gitlab.com/a/b",
		"https://user:pw@github.com/a/b", "https://github.com.evil.example/a/b", "https://github.com/-a/b",
		"https://github.com/a--b/c", "https://github.com/a/..", "https://github.com/a/b%2Fc", "//github.com/a/b",
		"https://github.com/a/<b>", "https://github.com:8443/a/b", "github.com/a/b", "https://github.com/a/b c",
	} {
		if got, err := ValidateGitHubRepo(in); ErrorCode(err) != EINVALID {
			t.Errorf("%q accepted as %q", in, got)
		}
	}
}

func TestValidateWebURL(t *testing.T) {
	for _, in := range []string{"https://example.org", "https://example.org/a?b=c#d", "https://a.example:8443/x"} {
		if _, err := ValidateWebURL(in); err != nil {
			t.Errorf("%q refused: %v", in, err)
		}
	}
	for _, in := range []string{
		"javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "http://example.org", "ftp://x.example",
		"https://user@example.org", "https://u:p@example.org", "//example.org", "/local", "https://", "https://exa mple.org",
		"https://example.org/\x00", "https:\\\\evil.example", "vbscript:x", "https://" + strings.Repeat("a", 3000) + ".example",
	} {
		if got, err := ValidateWebURL(in); ErrorCode(err) != EINVALID {
			t.Errorf("%q accepted as %q", in, got)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Reading list: Attention!": "reading-list-attention",
		"  --Ünïcode  only--":      "n-code-only",
		"<script>":                 "script",
		"日本語":                      "collection",
		strings.Repeat("ab ", 50):  strings.Repeat("ab-", 20)[:59],
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzValidateLinks checks that whatever the link validators accept is an
// https URL with no user info, and that a repository is exactly
// https://github.com/{owner}/{repo}; accepting their own output again
// gives the same answer.
func FuzzValidateLinks(f *testing.F) {
	for _, s := range []string{"https://github.com/a/b", "javascript:alert(1)", "https://u@x.example", "https://x.example/a b", "https://github.com/a/b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if u, err := ValidateWebURL(s); err == nil && u != "" {
			if !strings.HasPrefix(u, "https://") || strings.ContainsAny(u, " \t\r\n\"<>\\") {
				t.Fatalf("%q accepted as %q", s, u)
			}
			if again, err := ValidateWebURL(u); err != nil || again != u {
				t.Fatalf("%q: not stable: %q, %v", u, again, err)
			}
		}
		if r, err := ValidateGitHubRepo(s); err == nil && r != "" {
			rest, ok := strings.CutPrefix(r, "https://github.com/")
			if !ok || strings.Count(rest, "/") != 1 || strings.ContainsAny(rest, "?#%@:") {
				t.Fatalf("%q accepted as repo %q", s, r)
			}
			if again, err := ValidateGitHubRepo(r); err != nil || again != r {
				t.Fatalf("%q: not stable: %q, %v", r, again, err)
			}
		}
		_ = Slugify(s)
	})
}

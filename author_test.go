package paperwire

import (
	"strings"
	"testing"
)

func TestAuthorKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ada Lovelace", "ada lovelace"},
		{"  ADA\t\nLOVELACE ", "ada lovelace"},
		{"Lukáš Novák", "lukas novak"},
		{"Lukas Novak", "lukas novak"},
		{"MÜLLER, Jürgen", "muller, jurgen"},
		{"Ｆｕｌｌ Ｗｉｄｔｈ", "full width"},       // NFKC
		{"Dieter Straße", "dieter straße"}, // folded rune by rune: ß stays
		{"\u212a", "k"},                    // the Kelvin sign
		{"J. Smith", "j. smith"},           // punctuation is kept
		{"Zoë  O’Brien", "zoe o’brien"},
		{"王小明", "王小明"},
		{"", ""},
	} {
		if got := AuthorKey(tc.in); got != tc.want {
			t.Errorf("AuthorKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzAuthorKey(f *testing.F) {
	for _, s := range []string{"Lukáš Novák", "Ｆｕｌｌ", "a\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := AuthorKey(s)
		if fast, ok := asciiAuthorKey(s); ok {
			if slow := slowAuthorKey(s); fast != slow {
				t.Errorf("ASCII key of %q is %q, the general one %q", s, fast, slow)
			}
		}
		if AuthorKey(k) != k {
			t.Errorf("AuthorKey is not idempotent on %q: %q then %q", s, k, AuthorKey(k))
		}
	})
}

// slowAuthorKey is AuthorKey without its ASCII shortcut.
func slowAuthorKey(name string) string {
	// "é " takes the general path and keys to "e ", or "e" before nothing.
	return strings.TrimPrefix(strings.TrimPrefix(AuthorKey("\u00e9 "+name), "e"), " ")
}

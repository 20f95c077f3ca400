package mail_test

import (
	"strings"
	"testing"
	"time"

	pwmail "github.com/paperwire/paperwire/mail"
)

// FuzzParseSMTPURL: any string either parses into a usable configuration
// or fails with an error that never repeats a password.
func FuzzParseSMTPURL(f *testing.F) {
	for _, s := range []string{"smtp://h:25?tls=none", "smtp://u:p@h?tls=tls", "smtp://[::1]:2525", "smtp://u:secret@h?tls=x", "http://h", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := pwmail.ParseSMTPURL(raw)
		if err != nil {
			// What stands before the host (user:password) never shows,
			// unless the same text stands elsewhere in the URL too (the
			// scheme of "secret://secret@" is no secret).
			if at := strings.LastIndexByte(raw, '@'); at > 0 {
				start := 0
				if i := strings.Index(raw, "://"); i >= 0 && i < at {
					start = i + 3
				} else if i := strings.IndexByte(raw, ':'); i >= 0 && i < at {
					start = i + 1
				}
				if secret := raw[start:at]; len(secret) >= 6 && !strings.Contains(raw[at:], secret) && !strings.Contains(raw[:start], secret) && strings.Contains(err.Error(), secret) {
					t.Fatalf("error repeats the credentials %q: %v", secret, err)
				}
			}
			return
		}
		if c.Host == "" || c.Port < 1 || c.Port > 65535 || (c.TLS != "none" && c.TLS != "starttls" && c.TLS != "tls") {
			t.Fatalf("%q parsed into %+v", raw, c)
		}
	})
}

// FuzzVerifyToken: no string but one the signer made verifies, and none panics.
func FuzzVerifyToken(f *testing.F) {
	s := pwmail.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	good := s.SignID("m", 7, time.Time{})
	f.Add(good)
	f.Add(good + "x")
	f.Add("bXwwfDc.AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		id, err := s.VerifyID("m", tok, time.Unix(1e9, 0))
		if err == nil && s.SignID("m", id, time.Time{}) != tok {
			t.Fatalf("%q verified as %d but is not what the signer makes", tok, id)
		}
	})
}

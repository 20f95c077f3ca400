package auth

import (
	"strings"
	"testing"
	"time"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id at OWASP's minimum", h)
	}
	if strings.Contains(h, "correct horse") {
		t.Fatal("hash contains the password")
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") {
		t.Fatal("check is wrong")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if _, err := HashPassword("short"); err != ErrWeakPassword {
		t.Fatalf("short password: %v", err)
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA", "$bcrypt$x$y$z$w", h + "$"} {
		if CheckPassword(bad, "correct horse battery") {
			t.Fatalf("malformed hash %q matched", bad)
		}
	}
	if CheckNoUser("anything") {
		t.Fatal("CheckNoUser matched")
	}
}

func FuzzCheckPassword(f *testing.F) {
	h, _ := HashPassword("password1")
	f.Add(h, "password1")
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if strings.Count(hash, "m=") > 0 && strings.Contains(hash, "m=4") {
			return // keep fuzzing cheap: huge memory costs are refused anyway
		}
		CheckPassword(hash, pw) // must not panic
	})
}

func TestTokensAreRandomAndHashed(t *testing.T) {
	id, hash := NewSessionID()
	if len(id) < 26 || hash == id || Hash(id) != hash {
		t.Fatalf("session id %q hash %q", id, hash)
	}
	id2, _ := NewSessionID()
	if id == id2 {
		t.Fatal("two session ids are equal")
	}
	tok, th, hint := NewAPIToken()
	if !strings.HasPrefix(tok, TokenPrefix) || !strings.HasPrefix(tok, hint) || Hash(tok) != th || len(hint) >= len(tok) {
		t.Fatalf("token %q hash %q hint %q", tok, th, hint)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLimiter(3, time.Minute)
	l.Now = func() time.Time { return now }
	for i := range 3 {
		if ok, _ := l.Allow("1.2.3.4"); !ok {
			t.Fatalf("event %d refused", i)
		}
	}
	ok, retry := l.Allow("1.2.3.4")
	if ok || retry <= 0 || retry > 20*time.Second {
		t.Fatalf("fourth event: ok %v retry %s", ok, retry)
	}
	if ok, _ := l.Allow("5.6.7.8"); !ok {
		t.Fatal("another key was limited")
	}
	now = now.Add(20 * time.Second)
	if ok, _ := l.Allow("1.2.3.4"); !ok {
		t.Fatal("no token back after a third of the window")
	}
}

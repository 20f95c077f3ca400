// Package auth holds Paperwire's secrets handling: argon2id password hashes,
// random session ids and API tokens (stored only as hashes), and the rate
// limiter that makes guessing them slow. Nothing here is stored or logged;
// the store keeps what it returns.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum recommendation (19 MiB of memory,
// two passes, one lane), which costs about 20–40 ms on one core.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

// MinPasswordLen is the shortest password accepted (NIST SP 800-63B asks for at least 8).
const MinPasswordLen = 8

// ErrWeakPassword is returned for a password too short or too long to accept.
var ErrWeakPassword = errors.New("a password needs 8 to 1024 characters")

// HashPassword returns an argon2id hash of password in PHC string form
// ($argon2id$v=19$m=…,t=…,p=…$salt$key), with a fresh random salt.
func HashPassword(password string) (string, error) {
	if len(password) < MinPasswordLen || len(password) > 1024 {
		return "", ErrWeakPassword
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash, comparing in
// constant time. A malformed hash never matches.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &passes, &threads); err != nil ||
		mem == 0 || mem > 1<<22 || passes == 0 || passes > 100 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when no account matches a sign-in, so that
// an unknown name costs the same time as a wrong password and the timing
// does not tell whether an account exists.
var dummyHash, _ = HashPassword("paperwire-no-such-user")

// CheckNoUser spends the time a password check takes, and returns false.
func CheckNoUser(password string) bool {
	CheckPassword(dummyHash, password)
	return false
}

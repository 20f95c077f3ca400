package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every API token, so one found in a log or a paste is
// recognisable (and secret scanners can look for it).
const TokenPrefix = "pw_"

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func random(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error()) // the OS has no randomness: nothing is safe to do
	}
	return strings.ToLower(b32.EncodeToString(b))
}

// NewSessionID returns a new 128-bit random session id for the cookie and
// the hash the store keeps instead.
func NewSessionID() (id, hash string) {
	id = random(16)
	return id, Hash(id)
}

// NewAPIToken returns a new 160-bit random API token to show once, the hash
// the store keeps, and a hint (its first characters) to tell tokens apart.
func NewAPIToken() (token, hash, hint string) {
	token = TokenPrefix + random(20)
	return token, Hash(token), token[:len(TokenPrefix)+4]
}

// Hash is the SHA-256 of a session id or token, in hex. They are random and
// long, so a fast hash is enough: there is nothing to guess from it.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

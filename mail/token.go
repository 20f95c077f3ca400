package mail

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// Token purposes: a token signed for one cannot be used for another.
const (
	purposeConfirm = "c" // confirm a subscription (expires)
	purposeManage  = "m" // manage and unsubscribe (does not expire: old mail must still unsubscribe)
	purposeView    = "v" // view a message in the browser
	purposeVerify  = "e" // verify an account's address (expires)
)

// Signer makes and checks the opaque, signed tokens in mail links: an
// HMAC-SHA256 over the purpose, a subject (a subscriber id, an outbox key)
// and an expiry, with the instance's secret. Nothing is stored per token, so
// a link works on every instance that shares the database (and its secret).
type Signer struct{ key []byte }

// NewSigner returns a Signer over the instance's secret.
func NewSigner(secret []byte) *Signer { return &Signer{key: secret} }

var b64 = base64.RawURLEncoding.Strict()

// Sign returns a token for purpose and subject, valid until exp (zero: forever).
func (s *Signer) Sign(purpose, subject string, exp time.Time) string {
	var e int64
	if !exp.IsZero() {
		e = exp.Unix()
	}
	body := purpose + "|" + strconv.FormatInt(e, 10) + "|" + subject
	return b64.EncodeToString([]byte(body)) + "." + b64.EncodeToString(s.mac(body))
}

func (s *Signer) mac(body string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(body))
	return m.Sum(nil)[:16]
}

// maxTokenLen bounds a token before any work is done on it.
const maxTokenLen = 2048

// Verify checks a token made for purpose and returns its subject. A token
// that was altered, made for another purpose or by another secret is
// EINVALID ("not valid"); an expired one is EINVALID too, saying so.
func (s *Signer) Verify(purpose, token string, now time.Time) (string, error) {
	bad := paperwire.Errorf(paperwire.EINVALID, "This link is not valid. Check that it was copied whole.")
	if len(token) > maxTokenLen || !tokenChars(token) {
		return "", bad
	}
	bodyB64, macB64, ok := strings.Cut(token, ".")
	if !ok {
		return "", bad
	}
	body, err1 := b64.DecodeString(bodyB64)
	mac, err2 := b64.DecodeString(macB64)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, s.mac(string(body))) {
		return "", bad
	}
	parts := strings.SplitN(string(body), "|", 3)
	if len(parts) != 3 || parts[0] != purpose {
		return "", bad
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", bad
	}
	if exp != 0 && now.Unix() > exp {
		return "", paperwire.Errorf(paperwire.EINVALID, "This link has expired. Ask for a new one.")
	}
	return parts[2], nil
}

// tokenChars reports whether t holds only base64url characters and dots: the
// decoder would skip line breaks, and a link is one exact string.
func tokenChars(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// SignID and VerifyID are Sign and Verify for a numeric subject.
func (s *Signer) SignID(purpose string, id int64, exp time.Time) string {
	return s.Sign(purpose, strconv.FormatInt(id, 10), exp)
}

// VerifyID checks a token whose subject is an id.
func (s *Signer) VerifyID(purpose, token string, now time.Time) (int64, error) {
	subj, err := s.Verify(purpose, token, now)
	if err != nil {
		return 0, err
	}
	id, _, _ := strings.Cut(subj, "|")
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, paperwire.Errorf(paperwire.EINVALID, "This link is not valid.")
	}
	return n, nil
}

// messageID derives a message's Message-ID from its outbox key, so a retry
// carries the same one and a receiver can tell it is the same message.
func (s *Signer) messageID(key, host string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("message-id|" + key))
	return hex.EncodeToString(m.Sum(nil)[:12]) + "@" + host
}

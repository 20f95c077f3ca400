package mail

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// TLS modes of an SMTP connection.
const (
	TLSNone     = "none"     // plain text: a local relay or a test server
	TLSStartTLS = "starttls" // upgrade with STARTTLS, required (submission, port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
)

// SMTPConfig says how to reach the mail server.
type SMTPConfig struct {
	Host     string
	Port     int
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
	Username string // "" sends without authenticating
	Password string
}

// ParseSMTPURL reads PAPERWIRE_SMTP_URL:
// smtp://[user:pass@]host:port?tls=none|starttls|tls. The port defaults to
// 587 (465 with tls=tls), the mode to starttls. Errors never repeat the
// password.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	var c SMTPConfig
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" || u.Path != "" && u.Path != "/" {
		return c, fmt.Errorf("want smtp://[user:pass@]host:port?tls=none|starttls|tls, got %q", Redact(raw))
	}
	c.Host = u.Hostname()
	c.TLS = u.Query().Get("tls")
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.TLS != TLSNone && c.TLS != TLSStartTLS && c.TLS != TLSImplicit {
		return c, fmt.Errorf("tls=%q: want none, starttls or tls", c.TLS)
	}
	c.Port = 587
	if c.TLS == TLSImplicit {
		c.Port = 465
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return c, fmt.Errorf("port %q: want a number from 1 to 65535", p)
		}
		c.Port = n
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	return c, nil
}

// Addr is host:port.
func (c SMTPConfig) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

// Redact returns an SMTP URL with what precedes its host (user and
// password) masked, for messages and logs; it works on strings that do
// not parse too, since those are the ones error messages quote.
func Redact(raw string) string {
	at := strings.LastIndexByte(raw, '@')
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 && i < at {
		start = i + 3
	} else if i := strings.IndexByte(raw, ':'); i >= 0 && i < at {
		start = i + 1
	}
	return raw[:start] + "xxxxx" + raw[at:]
}

// ParseFrom reads PAPERWIRE_MAIL_FROM, "Name <addr@host>" or "addr@host".
func ParseFrom(s string) (*mail.Address, error) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, fmt.Errorf("PAPERWIRE_MAIL_FROM holds a line break")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("PAPERWIRE_MAIL_FROM=%q: %v", s, err)
	}
	return a, nil
}

// Package smtptest runs a real SMTP server in-process (emersion/go-smtp)
// that keeps what it receives, for tests and benchmarks of the mail path:
// the messages, parsed into headers and their text and HTML parts, and a
// hook that refuses recipients to simulate a server's faults.
package smtptest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From   string
	To     []string
	Raw    []byte
	Header mail.Header
	Text   string // the text/plain part, decoded
	HTML   string // the text/html part, decoded
}

// Server is a running SMTP server.
type Server struct {
	Addr string // host:port it listens on
	// Refuse, when set, is asked about every recipient, with the number of
	// messages accepted so far; a non-nil error is the server's reply.
	Refuse func(rcpt string, accepted int) *smtp.SMTPError
	// Discard keeps counts only, not the messages (benchmarks).
	Discard bool

	srv      *smtp.Server
	mu       sync.Mutex
	msgs     []*Message
	accepted int
}

// Start runs a server on a free local port until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Listen runs a server on addr until Close.
func Listen(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String()}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.MaxMessageBytes = 10 << 20
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	return s, nil
}

// URL is the PAPERWIRE_SMTP_URL that reaches the server.
func (s *Server) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// Messages returns the messages accepted so far.
func (s *Server) Messages() []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Message(nil), s.msgs...)
}

// Accepted is how many messages the server accepted.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// To returns the messages accepted for rcpt.
func (s *Server) To(rcpt string) []*Message {
	var out []*Message
	for _, m := range s.Messages() {
		for _, t := range m.To {
			if strings.EqualFold(t, rcpt) {
				out = append(out, m)
			}
		}
	}
	return out
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.Refuse != nil {
		if err := x.s.Refuse(to, x.s.Accepted()); err != nil {
			return err
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.s.mu.Lock()
	defer x.s.mu.Unlock()
	x.s.accepted++
	if x.s.Discard {
		return nil
	}
	m := &Message{From: x.from, To: x.to, Raw: raw}
	if err := m.parse(); err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparsable message: " + err.Error()}
	}
	x.s.msgs = append(x.s.msgs, m)
	return nil
}

// parse reads the header and the text and HTML parts.
func (m *Message) parse() error {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return err
	}
	m.Header = msg.Header
	return m.parts(msg.Header.Get("Content-Type"), msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
}

func (m *Message) parts(ctype string, body io.Reader, cte string) error {
	switch strings.ToLower(cte) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := m.parts(p.Header.Get("Content-Type"), p, p.Header.Get("Content-Transfer-Encoding")); err != nil {
				return err
			}
		}
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain":
		m.Text = string(b)
	case "text/html":
		m.HTML = string(b)
	}
	return nil
}

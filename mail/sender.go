package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Sender delivers composed messages over one SMTP connection, dialled when
// first needed and again after a failure broke it.
type Sender struct {
	cfg    SMTPConfig
	client *gomail.Client
	open   bool
	// TLSConfig, when set, replaces the default TLS settings (tests trust
	// their own certificate with it).
	TLSConfig *tls.Config
}

// NewSender returns a Sender for cfg; it does not connect yet.
func NewSender(cfg SMTPConfig) *Sender { return &Sender{cfg: cfg} }

func (s *Sender) dial(ctx context.Context) error {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second)}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	if err := c.DialWithContext(ctx); err != nil {
		return &sendFailure{err: fmt.Errorf("connect to %s: %w", s.cfg.Addr(), err)}
	}
	s.client, s.open = c, true
	return nil
}

// Send delivers one message. Its error says, through Permanent, whether
// the server refused the message for good (a 5xx reply) or it may be tried
// again (a 4xx reply, a broken connection).
func (s *Sender) Send(ctx context.Context, m *gomail.Msg) error {
	if !s.open {
		if err := s.dial(ctx); err != nil {
			return err
		}
	}
	err := s.client.Send(m)
	if err == nil {
		return nil
	}
	f := &sendFailure{err: err}
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		f.permanent = code >= 500 && code < 600
		if se.Reason == gomail.ErrConnCheck || code == 421 || code == 0 {
			s.Close() // the connection is gone or going; dial again next time
		}
	} else {
		s.Close()
	}
	return f
}

// Close ends the connection, if one is open.
func (s *Sender) Close() error {
	if !s.open {
		return nil
	}
	s.open = false
	return s.client.Close()
}

// sendFailure is a failed delivery and whether it was permanent.
type sendFailure struct {
	err       error
	permanent bool
}

func (f *sendFailure) Error() string { return f.err.Error() }
func (f *sendFailure) Unwrap() error { return f.err }

// Permanent reports whether err is a permanent refusal (SMTP 5xx).
func Permanent(err error) bool {
	var f *sendFailure
	return errors.As(err, &f) && f.permanent
}

package mail

import (
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/paperwire/paperwire"
)

// compose turns an outbox message into a MIME message from from: a
// multipart/alternative of the text and HTML parts, with Message-ID and Date,
// and for list mail the RFC 2369 and RFC 8058 unsubscribe headers. A field
// holding a line break is refused: nothing in a header may start another.
func compose(from *mail.Address, m *paperwire.OutboxMessage, date time.Time) (*gomail.Msg, error) {
	for name, v := range map[string]string{"recipient": m.Recipient, "subject": m.Subject, "Message-ID": m.MessageID, "unsubscribe URL": m.Unsubscribe} {
		if strings.ContainsAny(v, "\r\n\x00") {
			return nil, paperwire.Errorf(paperwire.EINVALID, "The %s holds a line break.", name)
		}
	}
	if err := paperwire.ValidateEmail(m.Recipient); err != nil {
		return nil, err
	}
	msg := gomail.NewMsg()
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, from)
	if err := msg.To(m.Recipient); err != nil {
		return nil, paperwire.Errorf(paperwire.EINVALID, "Bad recipient %q: %v", m.Recipient, err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(date)
	if m.Unsubscribe != "" {
		if !strings.HasPrefix(m.Unsubscribe, "https://") && !strings.HasPrefix(m.Unsubscribe, "http://") {
			return nil, fmt.Errorf("unsubscribe URL %q is not absolute", m.Unsubscribe)
		}
		msg.SetGenHeaderPreformatted(gomail.HeaderListUnsubscribe, "<"+m.Unsubscribe+">")
		msg.SetGenHeader(gomail.HeaderListUnsubscribePost, "List-Unsubscribe=One-Click")
		msg.SetGenHeader(gomail.Header("Precedence"), "bulk")
	}
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// Compose is compose for other senders of the outbox's messages (the job
// queue measured against the outbox in bench/mailqueue).
func Compose(from *mail.Address, m *paperwire.OutboxMessage, date time.Time) (*gomail.Msg, error) {
	return compose(from, m, date)
}

// WriteMessage writes m as the MIME message the worker would send, for a
// look (`paperwire digest preview`).
func WriteMessage(w io.Writer, from *mail.Address, m *paperwire.OutboxMessage, date time.Time) error {
	msg, err := compose(from, m, date)
	if err != nil {
		return err
	}
	_, err = msg.WriteTo(w)
	return err
}

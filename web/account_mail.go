package web

import (
	"context"
	"net/http"

	"github.com/paperwire/paperwire"
)

// Mailer is where mail plugs into accounts: package mail's Service queues
// the verification mail in its outbox (or, with no SMTP server configured,
// writes the link to the log). With Config.Mailer nil, addresses stay
// unverified (User.EmailVerified is false). Password reset by mail is part
// of MailList, with its own pages.
type Mailer interface {
	// VerifyEmail asks u to confirm u.Email (a link that sets
	// EmailVerified). It is called after sign-up and after every change of
	// address, once the change is stored; it should queue the message, not
	// wait for a mail server.
	VerifyEmail(ctx context.Context, u *paperwire.User) error
}

// emailSet hands a new, unverified address to the mailer, if there is one.
// A failure is logged for the operator and does not undo the change, which
// is already stored.
func (s *Server) emailSet(r *http.Request, u *paperwire.User) {
	if s.mailer == nil {
		return
	}
	if err := s.mailer.VerifyEmail(r.Context(), u); err != nil {
		s.logger.ErrorContext(r.Context(), "queue verification mail", "user_id", u.ID, "error", err)
	}
}

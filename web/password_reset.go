package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// resetPage is the "forgot password" form and the "choose a new password" form.
type resetPage struct {
	Page
	Token string // set on the second form
	Email string
	Error string
}

func (s *Server) forgotShow(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	s.render(w, r, http.StatusOK, "forgot", resetPage{Page: s.page(r, "Forgot your password?")})
}

// forgotCreate mails a reset link to the account with that address. The
// answer is the same whether or not there is one, so the form tells nobody
// which addresses have accounts.
func (s *Server) forgotCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) || s.limited(w, r, s.mailLimit, s.clientAddr(r)) {
		return
	}
	email := formValue(r, "email")
	if err := paperwire.ValidateEmail(email); err != nil {
		st, msg := formError(r, err)
		s.render(w, r, st, "forgot", resetPage{Page: s.page(r, "Forgot your password?"), Email: email, Error: msg})
		return
	}
	u, err := s.users.UserByEmail(r.Context(), email)
	switch {
	case err == nil && !u.Disabled:
		if err := s.mail.ResetPassword(r.Context(), u); err != nil {
			s.fail(w, r, err)
			return
		}
	case err != nil && paperwire.ErrorCode(err) != paperwire.ENOTFOUND:
		s.fail(w, r, err)
		return
	}
	s.checkInbox(w, r, "If an account has that address, a link to choose a new password is on its way. It works once, for an hour.")
}

func (s *Server) resetShow(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	token := r.PathValue("token")
	if _, err := s.mail.ResetUser(r.Context(), token); err != nil {
		s.fail(w, r, err, navLink{Label: "Ask for a new link", URL: "/forgot"})
		return
	}
	s.render(w, r, http.StatusOK, "reset", resetPage{Page: s.page(r, "Choose a new password"), Token: token})
}

// resetCreate sets the new password: the link is used up, every session of
// the account ends, and the browser is signed in afresh.
func (s *Server) resetCreate(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	if !s.readForm(w, r) {
		return
	}
	token := r.PathValue("token")
	id, err := s.mail.ResetUser(r.Context(), token)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Ask for a new link", URL: "/forgot"})
		return
	}
	u, err := s.users.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	password := r.PostForm.Get("new")
	if err := checkNewPassword(password, r.PostForm.Get("new2"), u.Name); err != nil {
		st, msg := formError(r, err)
		s.render(w, r, st, "reset", resetPage{Page: s.page(r, "Choose a new password"), Token: token, Error: msg})
		return
	}
	hash, err := auth.HashPassword(password)
	if err == nil {
		_, err = s.mail.UseReset(r.Context(), token)
	}
	if err == nil {
		// Following the link proves the address too.
		u, err = s.changeUser(r.Context(), u.ID, func(u *paperwire.User) { u.PasswordHash, u.EmailVerified = hash, true })
	}
	if err == nil {
		err = s.users.DeleteSessions(r.Context(), u.ID)
	}
	if err == nil && !u.Disabled {
		err = s.startSession(w, r, u)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.logger.Info("password reset", "user_id", u.ID)
	http.Redirect(w, r, "/settings?done=password", http.StatusSeeOther)
}

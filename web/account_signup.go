package web

import (
	"context"
	"net/http"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// signupPage is the sign-up form, or with Closed the page saying this site
// creates no accounts for visitors.
type signupPage struct {
	Page
	Name   string
	Email  string
	Next   string
	Error  string
	Closed bool
}

// signupShow shows the sign-up form; a signed-in viewer goes on to ?next=.
func (s *Server) signupShow(w http.ResponseWriter, r *http.Request) {
	next := nextParam(r)
	if !s.signupOpen {
		s.signupClosed(w, r)
		return
	}
	if Viewer(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	noStore(w)
	s.render(w, r, http.StatusOK, "signup", signupPage{Page: s.page(r, "Sign up"), Next: next})
}

// signupCreate creates an account and signs it in. The form is checked
// first, so a typo costs nothing; then the per-address limit is taken
// before the password is hashed, which is the expensive part.
func (s *Server) signupCreate(w http.ResponseWriter, r *http.Request) {
	if !s.signupOpen {
		s.signupClosed(w, r)
		return
	}
	if !s.readForm(w, r) {
		return
	}
	p := signupPage{Page: s.page(r, "Sign up"), Name: formValue(r, "name"), Email: formValue(r, "email"),
		Next: safeNext(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
	err := paperwire.ValidateUserName(p.Name)
	if err == nil {
		err = paperwire.ValidateEmail(p.Email)
	}
	if err == nil {
		err = checkNewPassword(password, r.PostForm.Get("password2"), p.Name)
	}
	if err == nil && s.limited(w, r, s.limits.signup, s.clientAddr(r)) {
		return
	}
	var u *paperwire.User
	if err == nil {
		u, err = s.createUser(r.Context(), p.Name, p.Email, password)
	}
	if err == nil {
		err = s.startSession(w, r, u)
	}
	if err != nil {
		st, msg := formError(r, err)
		p.Error = msg
		noStore(w)
		s.render(w, r, st, "signup", p)
		return
	}
	s.logger.InfoContext(r.Context(), "account created", "user_id", u.ID, "user", u.Name)
	s.emailSet(r, u)
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// createUser stores a new, unprivileged account with a hash of password.
// ECONFLICT when the name or email is taken.
func (s *Server) createUser(ctx context.Context, name, email, password string) (*paperwire.User, error) {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &paperwire.User{Name: name, Email: email, PasswordHash: hash}
	if err := s.users.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// signupClosed answers both sign-up routes when Config.Signup is "closed".
func (s *Server) signupClosed(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "signup", signupPage{Page: s.page(r, "Sign up"), Closed: true})
}

package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// The settings forms change only the viewer's own account: the user comes
// from the session, never from the form or the URL, so there is no field
// to point at someone else's.

// settingsEmailUpdate changes the viewer's email address, with their
// password. The new address is unverified until mail confirms it.
func (s *Server) settingsEmailUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	email := formValue(r, "email")
	if err := paperwire.ValidateEmail(email); err != nil {
		s.settingsFail(w, r, u, "email", err)
		return
	}
	if !s.passwordConfirmed(w, r, u, "email", r.PostForm.Get("password")) {
		return
	}
	if email != u.Email {
		changed, err := s.changeUser(r.Context(), u.ID, func(u *paperwire.User) { u.Email, u.EmailVerified = email, false })
		if err != nil {
			s.settingsFail(w, r, u, "email", err)
			return
		}
		s.emailSet(r, changed)
	}
	http.Redirect(w, r, "/settings?done=email", http.StatusSeeOther)
}

// settingsPasswordUpdate changes the viewer's password, with the current
// one. Every session of the account ends, and this browser gets a new one:
// whoever else was signed in (a forgotten laptop, a stolen cookie) is out.
// API tokens stay; they are revoked one by one below.
func (s *Server) settingsPasswordUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	password := r.PostForm.Get("new")
	if err := checkNewPassword(password, r.PostForm.Get("new2"), u.Name); err != nil {
		s.settingsFail(w, r, u, "password", err)
		return
	}
	if !s.passwordConfirmed(w, r, u, "password", r.PostForm.Get("current")) {
		return
	}
	hash, err := auth.HashPassword(password)
	if err == nil {
		u, err = s.changeUser(r.Context(), u.ID, func(u *paperwire.User) { u.PasswordHash = hash })
	}
	if err == nil {
		err = s.users.DeleteSessions(r.Context(), u.ID)
	}
	if err == nil {
		err = s.startSession(w, r, u)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?done=password", http.StatusSeeOther)
}

// settingsPrivacyUpdate sets whether the viewer's profile lists their
// upvotes. It asks for no password: it hides or shows, and loses nothing.
func (s *Server) settingsPrivacyUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	show := r.PostForm.Get("show_upvotes") != ""
	if _, err := s.changeUser(r.Context(), u.ID, func(u *paperwire.User) { u.ShowUpvotes = show }); err != nil {
		s.settingsFail(w, r, u, "privacy", err)
		return
	}
	http.Redirect(w, r, "/settings?done=privacy", http.StatusSeeOther)
}

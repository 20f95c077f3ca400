package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// signinPage is the sign-in form. Name and Next survive a failed attempt;
// the password never goes back to the browser.
type signinPage struct {
	Page
	Name  string
	Next  string // where to go after, a path on this site
	Error string
}

// errSignin answers every wrong name or password alike, so a sign-in never
// tells whether an account exists.
var errSignin = paperwire.Errorf(paperwire.EUNAUTHORIZED, "Wrong user name or password.")

// signinShow shows the sign-in form; a signed-in viewer goes on to ?next=.
func (s *Server) signinShow(w http.ResponseWriter, r *http.Request) {
	next := nextParam(r)
	if Viewer(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	noStore(w)
	s.render(w, r, http.StatusOK, "signin", signinPage{Page: s.page(r, "Sign in"), Next: next})
}

// signinCreate signs a user in by name and password. Attempts are limited
// per client address and per account name before any password is checked.
// An unknown name costs the same password check as a wrong password and
// gets the same answer; only the holder of the right password learns that
// an account is disabled.
func (s *Server) signinCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	p := signinPage{Page: s.page(r, "Sign in"), Name: formValue(r, "name"), Next: safeNext(r.PostForm.Get("next"))}
	password := r.PostForm.Get("password")
	if p.Name == "" || password == "" {
		s.signinFail(w, r, p, paperwire.Errorf(paperwire.EINVALID, "Enter your user name and password."))
		return
	}
	if s.limited(w, r, s.limits.signinAddr, s.clientAddr(r)) || s.limited(w, r, s.limits.signinName, strings.ToLower(p.Name)) {
		return
	}
	u, err := s.users.UserByName(r.Context(), p.Name)
	switch {
	case paperwire.ErrorCode(err) == paperwire.ENOTFOUND:
		auth.CheckNoUser(password)
		err = errSignin
	case err != nil: // the store failed: a 500, its cause logged
	case !auth.CheckPassword(u.PasswordHash, password):
		err = errSignin
	case u.Disabled:
		err = paperwire.Errorf(paperwire.EFORBIDDEN, "This account is disabled. Ask this site's admins if you think that is a mistake.")
	}
	if err == nil {
		err = s.startSession(w, r, u)
	}
	if err != nil {
		s.signinFail(w, r, p, err)
		return
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
}

// signinFail shows the form again with what went wrong.
func (s *Server) signinFail(w http.ResponseWriter, r *http.Request, p signinPage, err error) {
	st, msg := formError(r, err)
	p.Error = msg
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="paperwire"`) // a 401 must name a scheme; this is the API's
	}
	noStore(w)
	s.render(w, r, st, "signin", p)
}

// signoutCreate signs the viewer out (a POST, so no link or image on
// another site can do it) and goes home.
func (s *Server) signoutCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	if err := s.endSession(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// noticePage is a page that only says what happened and where to go next.
type noticePage struct {
	Page
	Heading string
	Message string
	Links   []navLink
}

// maxPasswordLen is the longest password auth.HashPassword accepts, in bytes.
const maxPasswordLen = 1024

// formError is what a form shows for err, and the status it is answered
// with: the domain message, or for a failure on our side a generic one
// (the cause goes to the request log).
func formError(r *http.Request, err error) (int, string) {
	noteError(r, err)
	st := statusOf(err)
	if st >= 500 {
		return st, "Something went wrong on our side. Please try again in a moment."
	}
	return st, paperwire.ErrorMessage(err)
}

// checkNewPassword refuses a new password before it is hashed: outside
// auth's length bounds, typed differently twice, or the user's own name.
// Returns EINVALID.
func checkNewPassword(password, again, name string) error {
	switch {
	case len(password) < auth.MinPasswordLen:
		return paperwire.Errorf(paperwire.EINVALID, "A password needs at least %d characters.", auth.MinPasswordLen)
	case len(password) > maxPasswordLen:
		return paperwire.Errorf(paperwire.EINVALID, "A password has at most %s characters.", comma(maxPasswordLen))
	case password != again:
		return paperwire.Errorf(paperwire.EINVALID, "The two passwords differ.")
	case strings.EqualFold(password, name):
		return paperwire.Errorf(paperwire.EINVALID, "Choose a password other than your user name.")
	}
	return nil
}

// nextParam is where a sign-in or sign-up form sends the visitor after:
// ?next= when given, else the page of this site they came from, else "/".
// Only paths on this site survive (safeNext).
func nextParam(r *http.Request) string {
	if n := r.URL.Query().Get("next"); n != "" {
		return safeNext(n)
	}
	if ref := r.Referer(); ref != "" {
		if u, err := url.Parse(ref); err == nil && u.Host == r.Host && u.Path != "/signin" && u.Path != "/signup" {
			return safeNext(u.RequestURI())
		}
	}
	return "/"
}

// accountUser is requireUser for the account pages, which only a
// signed-in browser may use: an API token (for scripts) cannot change a
// password or mint more tokens.
func (s *Server) accountUser(w http.ResponseWriter, r *http.Request) *paperwire.User {
	return s.sessionOnly(w, r, s.requireUser(w, r))
}

// adminViewer is requireAdmin for the admin pages, which, like the account
// pages, take a signed-in browser and no API token.
func (s *Server) adminViewer(w http.ResponseWriter, r *http.Request) *paperwire.User {
	return s.sessionOnly(w, r, s.requireAdmin(w, r))
}

// sessionOnly passes u on when it came from a session cookie, and answers
// 403 and returns nil when it came from an API token. Nil (already
// answered) passes through.
func (s *Server) sessionOnly(w http.ResponseWriter, r *http.Request, u *paperwire.User) *paperwire.User {
	if u != nil && viewerOf(r).session == "" {
		s.failAny(w, r, paperwire.Errorf(paperwire.EFORBIDDEN, "Manage accounts from the web site, signed in: API tokens cannot."))
		return nil
	}
	return u
}

// writeLimited applies the per-user limit on writes, answering 429 when it
// is reached.
func (s *Server) writeLimited(w http.ResponseWriter, r *http.Request, u *paperwire.User) bool {
	return s.limited(w, r, s.limits.write, "user:"+strconv.FormatInt(u.ID, 10))
}

package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// verifyShow asks for the click that verifies an account's address.
func (s *Server) verifyShow(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	token := r.PathValue("token")
	if _, _, err := s.mail.VerifiedUser(r.Context(), token); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mail_action", actionPage{Page: s.page(r, "Verify your address"), Heading: "Verify your address",
		Message: "Confirm that this address is yours.", Action: "/verify/" + token, Button: "Verify"})
}

// verifyCreate marks the address verified, if it is still the account's:
// a link sent to an address since replaced verifies nothing.
func (s *Server) verifyCreate(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	if !s.readForm(w, r) {
		return
	}
	id, email, err := s.mail.VerifiedUser(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stale := false
	_, err = s.changeUser(r.Context(), id, func(u *paperwire.User) {
		if strings.EqualFold(u.Email, email) {
			u.EmailVerified = true
		} else {
			stale = true
		}
	})
	if err == nil && stale {
		err = paperwire.Errorf(paperwire.EINVALID, "This link was sent to an address the account no longer uses.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notice", noticePage{Page: s.page(r, "Address verified"), Heading: "Your address is verified",
		Links: []navLink{{Label: "Settings", URL: "/settings"}, {Label: "Back to the papers", URL: "/"}}})
}

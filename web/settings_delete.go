package web

import (
	"net/http"
)

// accountDelete deletes the viewer's account, with their password: the
// store removes the user, their sessions, tokens and upvotes (taking each
// back from its paper), and keeps the papers they submitted on their
// day's list without their name. The browser is signed out.
func (s *Server) accountDelete(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	if !s.passwordConfirmed(w, r, u, "delete", r.PostForm.Get("password")) {
		return
	}
	if err := s.users.DeleteUser(r.Context(), u.ID); err != nil {
		s.settingsFail(w, r, u, "delete", err)
		return
	}
	s.clearSessionCookie(w)
	s.logger.InfoContext(r.Context(), "account deleted", "user_id", u.ID)
	p := noticePage{Page: s.page(r, "Account deleted"), Heading: "Your account is deleted",
		Message: "Your account, sessions, API tokens and upvotes are gone. Papers you submitted stay on their day's list, without your name.",
		Links:   []navLink{{Label: "Today's papers", URL: "/"}}}
	p.Viewer = nil // signed out as of this answer
	noStore(w)
	s.render(w, r, http.StatusOK, "notice", p)
}

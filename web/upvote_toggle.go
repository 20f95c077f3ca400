package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// upvoteToggle answers the upvote button's form, POST /papers/{id}/upvote
// with action=up|down and next=the page it was on, for browsers without
// JavaScript: it sets the vote and sends the reader back (303) to the same
// card on the same page. next stays on this site (safeNext).
func (s *Server) upvoteToggle(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.readForm(w, r) {
		return
	}
	var up bool
	switch r.PostForm.Get("action") {
	case "up":
		up = true
	case "down":
	default:
		s.fail(w, r, paperwire.Errorf(paperwire.EINVALID, "An upvote form sends action=up or action=down."))
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	if _, err := s.vote(r, u, id, up); err != nil {
		s.fail(w, r, err)
		return
	}
	back := r.PostForm.Get("next")
	if back == "" {
		back = paperURL(id)
	}
	back, _, _ = strings.Cut(back, "#")
	back = s.relocate(r.Context(), safeNext(back), id)
	http.Redirect(w, r, back+"#"+cardAnchor(id), http.StatusSeeOther)
}

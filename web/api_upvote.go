package web

import (
	"net/http"
)

// apiUpvote returns the handler of POST (up is true) and DELETE
// /api/papers/{id}/upvote: set or take back the caller's own upvote and
// answer {"upvotes": N, "upvoted": bool}. Repeating either changes nothing.
// The caller is an API token's user, or the session of the page whose
// vote.js calls it; anyone else gets 401, an unknown paper 404.
func (s *Server) apiUpvote(up bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := s.requireUser(w, r)
		if u == nil {
			return
		}
		id, err := upvoteID(r)
		if err != nil {
			s.failJSON(w, r, err)
			return
		}
		if s.writeLimited(w, r, u) {
			return
		}
		res, err := s.vote(r, u, id, up)
		if err != nil {
			s.failJSON(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		s.writeJSON(w, r, http.StatusOK, res)
	}
}

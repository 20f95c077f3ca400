package web

import "net/http"

// communityRoutes registers what the community does with papers: upvotes,
// submissions and the trending list, as pages and as API endpoints.
//
// Upvote routes come in two shapes because a pattern's {id...} must end
// it: {id} takes new-style ids, {archive}/{num} old-style ones with their
// slash (/papers/hep-th/9901001/upvote).
func (s *Server) communityRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /papers/trending", s.cache.wrap(s.trendingShow))
	mux.HandleFunc("GET /papers/submit", s.submitShow) // says so when submissions are off
	if s.users == nil {
		return
	}
	if s.votes != nil {
		for _, path := range []string{"/papers/{id}/upvote", "/papers/{archive}/{num}/upvote"} {
			mux.HandleFunc("POST "+path, s.upvoteToggle)
			mux.HandleFunc("POST /api"+path, s.apiUpvote(true))
			mux.HandleFunc("DELETE /api"+path, s.apiUpvote(false))
		}
	}
	if s.submissions != nil {
		mux.HandleFunc("POST /papers/submit", s.submitCreate)
		mux.HandleFunc("POST /api/papers/submit", s.apiPapersSubmit)
	}
}

package web

import "net/http"

// communityRoutes registers what the community does with papers: upvotes,
// submissions and the trending list, as pages and as API endpoints.
func (s *Server) communityRoutes(mux *http.ServeMux) {
	if s.users == nil {
		return
	}
}

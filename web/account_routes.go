package web

import "net/http"

// accountRoutes registers the account pages: sign up, sign in, sign out,
// settings, profiles and the admin pages.
func (s *Server) accountRoutes(mux *http.ServeMux) {
	if s.users == nil {
		return
	}
}

package web

import "net/http"

// accountRoutes registers the account pages: sign up, sign in, sign out,
// settings, profiles and the admin pages. Every POST here is a form
// (readForm), refused cross-origin by the CrossOriginProtection around the
// whole handler; the settings and admin writes act only on the signed-in
// viewer's own account, or need an admin.
func (s *Server) accountRoutes(mux *http.ServeMux) {
	if s.users == nil {
		return
	}
	mux.HandleFunc("GET /signup", s.signupShow)
	mux.HandleFunc("POST /signup", s.signupCreate)
	mux.HandleFunc("GET /signin", s.signinShow)
	mux.HandleFunc("POST /signin", s.signinCreate)
	mux.HandleFunc("POST /signout", s.signoutCreate)

	mux.HandleFunc("GET /settings", s.settingsShow)
	mux.HandleFunc("POST /settings/email", s.settingsEmailUpdate)
	mux.HandleFunc("POST /settings/password", s.settingsPasswordUpdate)
	mux.HandleFunc("POST /settings/privacy", s.settingsPrivacyUpdate)
	mux.HandleFunc("POST /settings/tokens", s.tokenCreate)
	mux.HandleFunc("POST /settings/tokens/{id}/revoke", s.tokenRevoke)
	mux.HandleFunc("POST /settings/delete", s.accountDelete)

	mux.HandleFunc("GET /u/{name}", s.profileShow("submissions"))
	mux.HandleFunc("GET /u/{name}/upvotes", s.profileShow("upvotes"))

	mux.HandleFunc("GET /admin", s.adminShow)
	mux.HandleFunc("POST /admin/users/{id}/{action}", s.adminUserUpdate)
	mux.HandleFunc("POST /admin/submissions/remove", s.adminSubmissionRemove)
}

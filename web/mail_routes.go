package web

import "net/http"

// mailRoutes registers the subscription pages. The links in mail carry a
// signed token in their path; the pages reached by one are kept out of
// caches and send no Referer. POST /mail/unsubscribe/{token} is RFC 8058's
// one-click unsubscribe: a mail provider posts to it with no cookie and no
// Origin, and it is exempt from the cross-origin check (see New), since the
// token is its authority.
func (s *Server) mailRoutes(mux *http.ServeMux) {
	if s.mail == nil {
		return
	}
	mux.HandleFunc("POST /subscribe", s.subscribeCreate)
	mux.HandleFunc("POST /alerts", s.alertCreate)
	mux.HandleFunc("GET /mail/confirm/{token}", s.confirmShow)
	mux.HandleFunc("POST /mail/confirm/{token}", s.confirmCreate)
	mux.HandleFunc("GET /mail/manage/{token}", s.manageShow)
	mux.HandleFunc("POST /mail/manage/{token}", s.manageUpdate)
	mux.HandleFunc("POST /mail/manage/{token}/searches", s.manageSearchCreate)
	mux.HandleFunc("POST /mail/manage/{token}/searches/{id}/delete", s.manageSearchDelete)
	mux.HandleFunc("GET /mail/unsubscribe/{token}", s.unsubscribeShow)
	mux.HandleFunc(unsubscribePattern, s.unsubscribeCreate)
	mux.HandleFunc("GET /mail/view/{token}", s.mailView)
	if s.users != nil {
		mux.HandleFunc("POST /settings/mail", s.settingsMailUpdate)
		mux.HandleFunc("GET /forgot", s.forgotShow)
		mux.HandleFunc("POST /forgot", s.forgotCreate)
		mux.HandleFunc("GET /reset/{token}", s.resetShow)
		mux.HandleFunc("POST /reset/{token}", s.resetCreate)
		mux.HandleFunc("GET /verify/{token}", s.verifyShow)
		mux.HandleFunc("POST /verify/{token}", s.verifyCreate)
	}
}

// unsubscribePattern is the one-click unsubscribe route, also named in the
// cross-origin check's exemption.
const unsubscribePattern = "POST /mail/unsubscribe/{token}"

// tokenPage marks a page reached by a signed link: not cached anywhere, and
// its URL (which holds the token) not sent on as a Referer.
func tokenPage(w http.ResponseWriter) {
	noStore(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
}

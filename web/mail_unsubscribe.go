package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// unsubscribeShow is where the visible unsubscribe link in a mail leads:
// one button, so that a link scanner fetching it unsubscribes nobody.
func (s *Server) unsubscribeShow(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	token := r.PathValue("token")
	if _, err := s.mail.Subscription(r.Context(), token); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mail_action", actionPage{Page: s.page(r, "Unsubscribe"), Heading: "Unsubscribe",
		Message: "Stop all mail from this site to your address: the digest and every saved-search alert.",
		Action:  "/mail/unsubscribe/" + token, Button: "Unsubscribe", Danger: true})
}

// unsubscribeCreate unsubscribes the token's subscriber: the RFC 8058
// one-click POST a mail provider sends (body "List-Unsubscribe=One-Click",
// no cookie, no Origin), and the button of unsubscribeShow. It answers 200
// with a page, never a redirect, as RFC 8058 asks. Its body is not needed
// and not parsed beyond a size limit.
func (s *Server) unsubscribeCreate(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := s.mail.Unsubscribe(r.Context(), r.PathValue("token")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notice", noticePage{Page: s.page(r, "Unsubscribed"), Heading: "You are unsubscribed",
		Message: "No more mail from this site will reach your address. Subscribing again from any list page brings it back.",
		Links:   []navLink{{Label: "Back to the papers", URL: "/"}}})
}

// mailViewPolicy lets a mail's own HTML show with its inline styles and
// nothing else: no scripts, no frames, images only over https.
const mailViewPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// mailView is the "view in browser" page: the message's HTML exactly as
// it was rendered (and escaped) when queued.
func (s *Server) mailView(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	m, err := s.mail.View(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.HTML == "" {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "This message has no page to show."))
		return
	}
	w.Header().Set("Content-Security-Policy", mailViewPolicy)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(m.HTML)) //nolint:errcheck // the client went away
}

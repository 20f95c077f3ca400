package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// actionPage is a page that asks for one click before a signed link acts:
// a link scanner that fetches every URL in a mail must not confirm or
// unsubscribe anyone.
type actionPage struct {
	Page
	Heading string
	Message string
	Action  string // the form's URL
	Button  string
	Danger  bool
}

// subscribeCreate takes the subscribe form: an address alone. Whatever the
// address, the answer is the same "check your inbox", so the form tells
// nobody who is subscribed.
func (s *Server) subscribeCreate(w http.ResponseWriter, r *http.Request) {
	if !s.mailOn() {
		s.fail(w, r, paperwire.Errorf(eunavailable, "This site does not send mail."))
		return
	}
	if !s.readForm(w, r) || s.limited(w, r, s.mailLimit, s.clientAddr(r)) {
		return
	}
	if err := s.mail.Subscribe(r.Context(), formValue(r, "email"), ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.checkInbox(w, r, "We sent a confirmation link to that address. Nothing more is sent until it is followed; it works for 48 hours.")
}

func (s *Server) checkInbox(w http.ResponseWriter, r *http.Request, msg string) {
	noStore(w)
	s.render(w, r, http.StatusOK, "notice", noticePage{Page: s.page(r, "Check your inbox"), Heading: "Check your inbox",
		Message: msg, Links: []navLink{{Label: "Back to the papers", URL: "/"}}})
}

// alertCreate saves a search as an alert: at once for a signed-in user,
// through a confirmation mail for an address typed in.
func (s *Server) alertCreate(w http.ResponseWriter, r *http.Request) {
	if !s.mailOn() {
		s.fail(w, r, paperwire.Errorf(eunavailable, "This site does not send mail."))
		return
	}
	if !s.readForm(w, r) || s.limited(w, r, s.mailLimit, s.clientAddr(r)) {
		return
	}
	q := formValue(r, "q")
	if q == "" {
		s.fail(w, r, paperwire.Errorf(paperwire.EINVALID, "Search for something first, then save the search."))
		return
	}
	if u := Viewer(r); u != nil {
		if err := s.mail.SaveUserSearch(r.Context(), u, q); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/settings?done=alert#mail", http.StatusSeeOther)
		return
	}
	if err := s.mail.Subscribe(r.Context(), formValue(r, "email"), q); err != nil {
		s.fail(w, r, err)
		return
	}
	s.checkInbox(w, r, "We sent a link to that address. Once it is followed, new papers matching “"+q+"” are mailed to it.")
}

// confirmShow asks for the click that confirms a subscription; the token is
// checked first, so a bad link says so at once.
func (s *Server) confirmShow(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	token := r.PathValue("token")
	if err := s.mail.CheckConfirm(r.Context(), token); err != nil {
		s.fail(w, r, err, navLink{Label: "Subscribe again", URL: "/"})
		return
	}
	s.render(w, r, http.StatusOK, "mail_action", actionPage{Page: s.page(r, "Confirm your subscription"),
		Heading: "Confirm your subscription", Message: "One more click and the mail you asked for starts.",
		Action: "/mail/confirm/" + token, Button: "Confirm"})
}

func (s *Server) confirmCreate(w http.ResponseWriter, r *http.Request) {
	tokenPage(w)
	if !s.readForm(w, r) {
		return
	}
	_, manage, err := s.mail.Confirm(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Subscribe again", URL: "/"})
		return
	}
	s.render(w, r, http.StatusOK, "notice", noticePage{Page: s.page(r, "Subscribed"), Heading: "You are subscribed",
		Message: "Every mail carries a link to change what you get, or to stop it.",
		Links:   []navLink{{Label: "Choose what you get", URL: localURL(manage)}, {Label: "Back to the papers", URL: "/"}}})
}

// localURL turns an absolute link on this site into its path, so a page
// links within the site it is served from.
func localURL(abs string) string {
	if i := strings.Index(abs, "://"); i >= 0 {
		if j := strings.IndexByte(abs[i+3:], '/'); j >= 0 {
			return abs[i+3+j:]
		}
	}
	return abs
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

// managePage is a subscriber's choices, reached by the signed link in
// every mail.
type managePage struct {
	Page
	Sub    *paperwire.Subscription
	Action string // the manage URL
	Notice string
	Error  string
	Prefs  prefsView
}

// prefsView is what the choices form (partials/mail_prefs.html) shows.
type prefsView struct {
	Sub   *paperwire.Subscription // nil: the defaults
	Zones []string
	Hours []int
}

func newPrefsView(sub *paperwire.Subscription) prefsView {
	hours := make([]int, 24)
	for i := range hours {
		hours[i] = i
	}
	return prefsView{Sub: sub, Zones: commonZones, Hours: hours}
}

// commonZones are offered in the time-zone list; any IANA name is accepted.
var commonZones = []string{"UTC", "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo",
	"Europe/London", "Europe/Paris", "Europe/Berlin", "Africa/Lagos", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo",
	"Asia/Seoul", "Australia/Sydney"}

var manageNotices = map[string]string{
	"saved":   "Your choices are saved.",
	"added":   "The search is saved: its new matches come with your mail.",
	"removed": "The search is removed.",
}

func (s *Server) manageShow(w http.ResponseWriter, r *http.Request) {
	s.renderManage(w, r, http.StatusOK, manageNotices[r.URL.Query().Get("done")], nil)
}

func (s *Server) renderManage(w http.ResponseWriter, r *http.Request, status int, notice string, failure error) {
	tokenPage(w)
	token := r.PathValue("token")
	sub, err := s.mail.Subscription(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := managePage{Page: s.page(r, "Your mail"), Sub: sub, Action: "/mail/manage/" + token, Notice: notice, Prefs: newPrefsView(sub)}
	if failure != nil {
		status, p.Error = formError(r, failure)
	}
	s.render(w, r, status, "mail_manage", p)
}

// prefsFromForm reads the choices a form posts: frequency, categories
// (separated by spaces or commas), send_hour and time_zone.
func prefsFromForm(r *http.Request) (paperwire.SubscriptionPrefs, error) {
	p := paperwire.SubscriptionPrefs{Frequency: formValue(r, "frequency"), TimeZone: formValue(r, "time_zone")}
	hour, err := strconv.Atoi(formValue(r, "send_hour"))
	if err != nil {
		return p, paperwire.Errorf(paperwire.EINVALID, "The send hour must be a number from 0 to 23.")
	}
	p.SendHour = hour
	p.Categories = strings.FieldsFunc(formValue(r, "categories"), func(c rune) bool { return c == ',' || c == ' ' })
	return p, p.Validate()
}

func (s *Server) manageUpdate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	token := r.PathValue("token")
	prefs, err := prefsFromForm(r)
	if err == nil {
		err = s.mail.SetPrefs(r.Context(), token, prefs)
	}
	if err != nil {
		s.manageFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/manage/"+token+"?done=saved", http.StatusSeeOther)
}

// manageFail answers a failed change: a bad token is an error page, a bad
// choice is the page again with the message.
func (s *Server) manageFail(w http.ResponseWriter, r *http.Request, err error) {
	if _, terr := s.mail.Subscription(r.Context(), r.PathValue("token")); terr != nil {
		s.fail(w, r, terr)
		return
	}
	s.renderManage(w, r, http.StatusBadRequest, "", err)
}

func (s *Server) manageSearchCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	token := r.PathValue("token")
	if err := s.mail.AddSearch(r.Context(), token, formValue(r, "q")); err != nil {
		s.manageFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/manage/"+token+"?done=added", http.StatusSeeOther)
}

func (s *Server) manageSearchDelete(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	token := r.PathValue("token")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "No such saved search."))
		return
	}
	if err := s.mail.DeleteSearch(r.Context(), token, id); err != nil {
		s.manageFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/mail/manage/"+token+"?done=removed", http.StatusSeeOther)
}

package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// settingsMail fills the digest section of /settings.
func (s *Server) settingsMail(r *http.Request, u *paperwire.User, p *settingsPage) error {
	if !s.mailOn() {
		return nil
	}
	p.MailList = true
	sub, err := s.mail.UserSubscription(r.Context(), u)
	if err != nil && paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
		return err
	}
	p.MailSub, p.MailPrefs = sub, newPrefsView(sub)
	return nil
}

// settingsMailUpdate subscribes the signed-in user (a verified address
// needs no confirmation), changes their choices and their For-you opt-in
// (for_you), or unsubscribes them (action=unsubscribe). It acts only on the viewer's own subscription.
func (s *Server) settingsMailUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil || !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	if !s.mailOn() {
		s.fail(w, r, paperwire.Errorf(eunavailable, "This site does not send mail."))
		return
	}
	ctx := r.Context()
	sub, err := s.mail.UserSubscription(ctx, u)
	if err != nil && paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	if formValue(r, "action") == "unsubscribe" {
		if sub != nil {
			err = s.mail.Unsubscribe(ctx, sub.Token)
		}
		if err != nil && paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/settings?done=mailoff#mail", http.StatusSeeOther)
		return
	}
	prefs, err := prefsFromForm(r)
	switch {
	case err != nil:
	case sub != nil && sub.Status == paperwire.SubscriberActive:
		err = s.mail.SetPrefs(ctx, sub.Token, prefs)
	default:
		err = s.mail.SubscribeUser(ctx, u, prefs)
	}
	if err == nil {
		err = s.mail.SetUserForYou(ctx, u, formValue(r, "for_you") != "")
	}
	if err != nil {
		s.settingsFail(w, r, u, "mail", err)
		return
	}
	http.Redirect(w, r, "/settings?done=mail#mail", http.StatusSeeOther)
}

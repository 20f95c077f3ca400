package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// settingsPage is /settings: the viewer's email, password, privacy, API
// tokens and account deletion, each its own form. A form that fails shows
// the page again with its error beside it.
type settingsPage struct {
	Page
	User      *paperwire.User // the viewer
	Tokens    []*paperwire.APIToken
	NewToken  string // a token just created, shown this once and never again
	Notice    string // what the last change did
	Failed    string // the form that failed: "email", "password", "privacy", "token" or "delete"
	Error     string
	Email     string // the email form's value after a failed change
	TokenName string // the token form's value after a failed creation
	Mail      bool   // mail is wired, so an address can be verified
	// MailList: mail is sent, so the digest section shows; MailSub is the
	// viewer's subscription (nil when there is none).
	MailList  bool
	MailSub   *paperwire.Subscription
	MailPrefs prefsView
	// For-you feed: whether this server has them, when the viewer's URL was
	// made (zero: none), and a URL just made, shown this once.
	ForYouFeeds            bool
	FeedCreated            time.Time
	NewFeedURL, NewFeedRSS string
}

// maxTokens bounds one user's API tokens, so a script gone wrong cannot
// fill the table.
const maxTokens = 50

// settingsNotices are the messages ?done= may ask for after a change; any
// other value shows nothing (the query never puts text on the page).
var settingsNotices = map[string]string{
	"email":    "Your email address is changed.",
	"password": "Your password is changed, and every other device is signed out.",
	"privacy":  "Your privacy setting is saved.",
	"revoked":  "The token is revoked: it no longer works.",
	"mail":     "Your mail choices are saved.",
	"alert":    "The search is saved: its new matches are mailed to you.",
	"mailoff":  "You are unsubscribed: no more digests or alerts.",
	"feed-off": "Your For-you feed URL is revoked: it no longer works.",
}

// errWrongPassword answers a settings form whose password does not match.
var errWrongPassword = paperwire.Errorf(paperwire.EFORBIDDEN, "That is not your current password.")

// settingsShow shows /settings.
func (s *Server) settingsShow(w http.ResponseWriter, r *http.Request) {
	u := s.accountUser(w, r)
	if u == nil {
		return
	}
	p, err := s.newSettingsPage(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Notice = settingsNotices[r.URL.Query().Get("done")]
	noStore(w)
	s.render(w, r, http.StatusOK, "settings", p)
}

// newSettingsPage gathers what /settings shows for u.
func (s *Server) newSettingsPage(r *http.Request, u *paperwire.User) (settingsPage, error) {
	p := settingsPage{Page: s.page(r, "Settings"), User: u, Mail: s.mailer != nil}
	toks, err := s.users.Tokens(r.Context(), u.ID)
	if err != nil {
		return p, err
	}
	p.Tokens = toks
	if err := s.settingsMail(r, u, &p); err != nil {
		return p, err
	}
	if s.feedTokens != nil {
		p.ForYouFeeds = true
		if p.FeedCreated, err = s.feedTokens.FeedTokenCreated(r.Context(), u.ID); err != nil {
			return p, err
		}
	}
	return p, nil
}

// settingsFail shows /settings again with err beside form, keeping what
// the user typed there (never a password).
func (s *Server) settingsFail(w http.ResponseWriter, r *http.Request, u *paperwire.User, form string, err error) {
	st, msg := formError(r, err)
	p, perr := s.newSettingsPage(r, u)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	p.Failed, p.Error = form, msg
	p.Email, p.TokenName = formValue(r, "email"), formValue(r, "token_name")
	noStore(w)
	s.render(w, r, st, "settings", p)
}

// passwordConfirmed checks the current password a settings form asks for.
// Its guesses count against the account's sign-in limit, so a stolen
// session cookie is no faster a way to guess the password than the
// sign-in form. It answers the request and returns false when the
// password is wrong or the limit is reached.
func (s *Server) passwordConfirmed(w http.ResponseWriter, r *http.Request, u *paperwire.User, form, password string) bool {
	if s.limited(w, r, s.limits.signinName, strings.ToLower(u.Name)) {
		return false
	}
	if !auth.CheckPassword(u.PasswordHash, password) {
		s.settingsFail(w, r, u, form, errWrongPassword)
		return false
	}
	return true
}

// changeUser reads user id afresh, applies change and writes it back.
// UpdateUser writes only over the version it read, so a change made
// meanwhile elsewhere (an admin's, the user's other tab) is never
// overwritten: on ErrUserChanged the account is read again and change
// applied on top of it.
func (s *Server) changeUser(ctx context.Context, id int64, change func(u *paperwire.User)) (*paperwire.User, error) {
	for attempt := 0; ; attempt++ {
		u, err := s.users.User(ctx, id)
		if err != nil {
			return nil, err
		}
		change(u)
		err = s.users.UpdateUser(ctx, u)
		if errors.Is(err, paperwire.ErrUserChanged) && attempt < 3 {
			continue // changed by someone else since the read: redo this change on top
		}
		if err != nil {
			return nil, err
		}
		return u, nil
	}
}

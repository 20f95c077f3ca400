package web

import (
	"context"

	"github.com/paperwire/paperwire"
)

// MailList is the mail side of the site as the web layer uses it:
// subscriptions to the digest, saved-search alerts, their signed links, and
// account mail beyond verification (package mail's Service implements it).
// Tokens arrive as they came in a link; every method checks them and
// answers EINVALID for a forged or expired one.
type MailList interface {
	// Enabled reports whether mail is sent at all; the subscribe forms
	// show only then.
	Enabled() bool
	// Subscribe asks email to confirm a subscription, or an alert for
	// query when it is not "". Returns EINVALID for a bad address or query.
	Subscribe(ctx context.Context, email, query string) error
	// CheckConfirm checks a confirmation link without following it.
	CheckConfirm(ctx context.Context, token string) error
	// Confirm follows a confirmation link; it returns the subscriber and
	// the absolute URL of its manage page.
	Confirm(ctx context.Context, token string) (*paperwire.Subscriber, string, error)
	// Subscription, SetPrefs, Unsubscribe, AddSearch and DeleteSearch act
	// on the subscriber a manage token reaches, and only on it.
	Subscription(ctx context.Context, token string) (*paperwire.Subscription, error)
	SetPrefs(ctx context.Context, token string, prefs paperwire.SubscriptionPrefs) error
	Unsubscribe(ctx context.Context, token string) error
	AddSearch(ctx context.Context, token, query string) error
	DeleteSearch(ctx context.Context, token string, id int64) error
	// View returns the message a "view in browser" link names.
	View(ctx context.Context, token string) (*paperwire.OutboxMessage, error)
	// UserSubscription returns a signed-in user's subscription (ENOTFOUND if none).
	UserSubscription(ctx context.Context, u *paperwire.User) (*paperwire.Subscription, error)
	// SubscribeUser subscribes a signed-in user's address with prefs.
	SubscribeUser(ctx context.Context, u *paperwire.User, prefs paperwire.SubscriptionPrefs) error
	// SetUserForYou turns the For-you section of a signed-in user's own
	// digest on or off (EINVALID to turn on without a subscription).
	SetUserForYou(ctx context.Context, u *paperwire.User, on bool) error
	// SaveUserSearch saves query as an alert for a signed-in user.
	SaveUserSearch(ctx context.Context, u *paperwire.User, query string) error
	// VerifiedUser checks an address-verification link: the user and the address.
	VerifiedUser(ctx context.Context, token string) (int64, string, error)
	// ResetPassword mails u a single-use, expiring reset link.
	ResetPassword(ctx context.Context, u *paperwire.User) error
	// ResetUser checks a reset link without using it; UseReset uses it up.
	ResetUser(ctx context.Context, token string) (int64, error)
	UseReset(ctx context.Context, token string) (int64, error)
}

// mailOn reports whether the subscribe forms show.
func (s *Server) mailOn() bool { return s.mail != nil && s.mail.Enabled() }

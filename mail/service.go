package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/store"
)

// Lifetimes of the links mail carries.
const (
	ConfirmTTL = 48 * time.Hour // subscription confirmation and address verification
	ResetTTL   = time.Hour      // password reset
)

// confirmEvery bounds confirmation mails to one address: one per window,
// however often its address is typed into the form.
const confirmEvery = 10 * time.Minute

// Service is the mail side of the site: subscriptions, their signed links,
// and account mail. It queues; a Worker sends.
type Service struct {
	store   *store.MailStore
	signer  *Signer
	baseURL string // absolute, no trailing slash
	host    string // for Message-IDs
	// enabled says SMTP is configured: without it, subscribing is off and
	// account mail is written to the log (the link only).
	enabled bool
	log     *slog.Logger
	now     func() time.Time
}

// Options configure NewService.
type Options struct {
	// BaseURL is the site's public address (PAPERWIRE_BASE_URL); links in
	// mail are built on it. Required.
	BaseURL string
	// Enabled says an SMTP server is configured.
	Enabled bool
	Logger  *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewService returns the mail service over ms, reading (or creating, once)
// the instance's signing secret.
func NewService(ctx context.Context, ms *store.MailStore, opts Options) (*Service, error) {
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("mail needs PAPERWIRE_BASE_URL, the site's public address, for the links it sends; got %q", opts.BaseURL)
	}
	secret, err := ms.Secret(ctx, "mail-links")
	if err != nil {
		return nil, err
	}
	s := &Service{store: ms, signer: NewSigner(secret), baseURL: strings.TrimRight(opts.BaseURL, "/"), host: u.Hostname(),
		enabled: opts.Enabled, log: opts.Logger, now: opts.Now}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

// Enabled reports whether mail can be sent: the subscribe form shows only then.
func (s *Service) Enabled() bool { return s.enabled }

// Store is the outbox and subscriber store beneath the service.
func (s *Service) Store() *store.MailStore { return s.store }

// URL returns the absolute URL of a site path.
func (s *Service) URL(path string) string { return s.baseURL + path }

// ManageURL and UnsubscribeURL are a subscriber's signed links; they do not
// expire, so the link in an old digest still works.
func (s *Service) ManageURL(sub *paperwire.Subscriber) string {
	return s.URL("/mail/manage/" + s.signer.SignID(purposeManage, sub.ID, time.Time{}))
}

// UnsubscribeURL is the List-Unsubscribe target (RFC 8058 one-click POST).
func (s *Service) UnsubscribeURL(sub *paperwire.Subscriber) string {
	return s.URL("/mail/unsubscribe/" + s.signer.SignID(purposeManage, sub.ID, time.Time{}))
}

// ViewURL is the "view in browser" page of the outbox message with key.
func (s *Service) ViewURL(key string) string {
	return s.URL("/mail/view/" + s.signer.Sign(purposeView, key, time.Time{}))
}

// MessageID is the Message-ID of the outbox message with key.
func (s *Service) MessageID(key string) string { return s.signer.messageID(key, s.host) }

// Subscribe asks email to confirm a subscription (or, with query, an alert
// for that search): it records the address as pending and queues the
// confirmation mail. Nothing else is sent before the link is followed. An
// address that is already subscribed gets the same mail, whose link leads to
// its settings, so the form tells nobody who is subscribed. Returns
// EINVALID for a bad address or query, or when mail is off.
func (s *Service) Subscribe(ctx context.Context, email, query string) error {
	if !s.enabled {
		return paperwire.Errorf(paperwire.EINVALID, "This site does not send mail.")
	}
	email = strings.TrimSpace(email)
	if err := paperwire.ValidateEmail(email); err != nil {
		return err
	}
	if err := checkQuery(query); err != nil {
		return err
	}
	prefs := paperwire.DefaultPrefs()
	if query != "" {
		prefs.Frequency = paperwire.FrequencyNone // an alert alone; a digest is a separate choice
	}
	sub, err := s.store.PutSubscriber(ctx, email, 0, prefs, false)
	if err != nil {
		return err
	}
	return s.queueConfirm(ctx, sub, query)
}

func checkQuery(q string) error {
	if len(q) > paperwire.MaxSavedQueryLen || strings.ContainsAny(q, "\r\n\x00") {
		return paperwire.Errorf(paperwire.EINVALID, "A saved search is one line of at most %d characters.", paperwire.MaxSavedQueryLen)
	}
	return nil
}

func (s *Service) queueConfirm(ctx context.Context, sub *paperwire.Subscriber, query string) error {
	now := s.now()
	token := s.signer.Sign(purposeConfirm, strconv.FormatInt(sub.ID, 10)+"|"+query, now.Add(ConfirmTTL))
	link := s.URL("/mail/confirm/" + token)
	subject, text := confirmText(link, query)
	key := fmt.Sprintf("confirm:%d:%d:%s", sub.ID, now.Unix()/int64(confirmEvery/time.Second), shortHash(query))
	_, err := s.store.Enqueue(ctx, &paperwire.OutboxMessage{Kind: paperwire.MailConfirm, DedupeKey: key, SubscriberID: sub.ID,
		Recipient: sub.Email, Subject: subject, Text: text, HTML: simpleHTML(text, link, "Confirm"), MessageID: s.MessageID(key)})
	return err
}

// CheckConfirm reports whether a confirmation link is valid, without
// following it: the page it opens says so at once.
func (s *Service) CheckConfirm(_ context.Context, token string) error {
	_, err := s.signer.Verify(purposeConfirm, token, s.now())
	return err
}

// Confirm follows a confirmation link: the subscriber becomes active (and
// the search it asked for is saved). It returns the subscriber and its
// manage link. Returns EINVALID for a forged or expired link.
func (s *Service) Confirm(ctx context.Context, token string) (*paperwire.Subscriber, string, error) {
	subj, err := s.signer.Verify(purposeConfirm, token, s.now())
	if err != nil {
		return nil, "", err
	}
	idStr, query, _ := strings.Cut(subj, "|")
	id, err := strconv.ParseInt(idStr, 10, 64)
	if err != nil {
		return nil, "", paperwire.Errorf(paperwire.EINVALID, "This link is not valid.")
	}
	sub, err := s.store.ConfirmSubscriber(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if query != "" {
		if _, err := s.store.SaveSearch(ctx, id, query); err != nil {
			return nil, "", err
		}
	}
	return sub, s.ManageURL(sub), nil
}

// subscriberOf checks a manage token and returns its subscriber.
func (s *Service) subscriberOf(ctx context.Context, token string) (*paperwire.Subscriber, error) {
	id, err := s.signer.VerifyID(purposeManage, token, s.now())
	if err != nil {
		return nil, err
	}
	return s.store.Subscriber(ctx, id)
}

// Subscription returns what a manage link reaches. Returns EINVALID for a
// forged link, ENOTFOUND for a subscriber that is gone.
func (s *Service) Subscription(ctx context.Context, token string) (*paperwire.Subscription, error) {
	sub, err := s.subscriberOf(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.subscription(ctx, sub, token)
}

func (s *Service) subscription(ctx context.Context, sub *paperwire.Subscriber, token string) (*paperwire.Subscription, error) {
	ss, err := s.store.SavedSearches(ctx, sub.ID)
	if err != nil {
		return nil, err
	}
	return &paperwire.Subscription{Subscriber: sub, Searches: ss, Token: token}, nil
}

// SetPrefs changes the choices of the subscriber a manage link reaches.
func (s *Service) SetPrefs(ctx context.Context, token string, prefs paperwire.SubscriptionPrefs) error {
	sub, err := s.subscriberOf(ctx, token)
	if err != nil {
		return err
	}
	return s.store.SetPrefs(ctx, sub.ID, prefs)
}

// Unsubscribe stops all mail to the subscriber a manage (or unsubscribe) link reaches.
func (s *Service) Unsubscribe(ctx context.Context, token string) error {
	sub, err := s.subscriberOf(ctx, token)
	if err != nil {
		return err
	}
	return s.store.Unsubscribe(ctx, sub.ID)
}

// AddSearch saves a search for the subscriber a manage link reaches.
func (s *Service) AddSearch(ctx context.Context, token, query string) error {
	sub, err := s.subscriberOf(ctx, token)
	if err != nil {
		return err
	}
	_, err = s.store.SaveSearch(ctx, sub.ID, query)
	return err
}

// DeleteSearch removes one of the searches of the subscriber a manage link
// reaches; another subscriber's search is ENOTFOUND.
func (s *Service) DeleteSearch(ctx context.Context, token string, id int64) error {
	sub, err := s.subscriberOf(ctx, token)
	if err != nil {
		return err
	}
	return s.store.DeleteSavedSearch(ctx, sub.ID, id)
}

// View returns the message a "view in browser" link names. Returns
// EINVALID for a forged link.
func (s *Service) View(ctx context.Context, token string) (*paperwire.OutboxMessage, error) {
	key, err := s.signer.Verify(purposeView, token, s.now())
	if err != nil {
		return nil, err
	}
	return s.store.OutboxMessageByKey(ctx, key)
}

// UserSubscription returns a signed-in user's subscription: the one linked
// to the account, or else the one of its address once that is verified (an
// unverified address may be someone else's, whose choices are not the
// account's to see or change). Returns ENOTFOUND when there is none.
func (s *Service) UserSubscription(ctx context.Context, u *paperwire.User) (*paperwire.Subscription, error) {
	sub, err := s.userSubscriber(ctx, u)
	if err != nil {
		return nil, err
	}
	return s.subscription(ctx, sub, s.signer.SignID(purposeManage, sub.ID, time.Time{}))
}

func (s *Service) userSubscriber(ctx context.Context, u *paperwire.User) (*paperwire.Subscriber, error) {
	sub, err := s.store.SubscriberByUser(ctx, u.ID)
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND && u.EmailVerified {
		sub, err = s.store.SubscriberByEmail(ctx, u.Email)
	}
	return sub, err
}

// SetUserForYou turns the For-you section of a signed-in user's digest on
// or off: the papers of each period ranked by the account's likes. It acts
// on the user's own subscription only (UserSubscription's), and links it
// to the account. Turning it on without a subscription of one's own is
// EINVALID; turning it off is then nothing to do.
func (s *Service) SetUserForYou(ctx context.Context, u *paperwire.User, on bool) error {
	sub, err := s.userSubscriber(ctx, u)
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		if !on {
			return nil
		}
		return paperwire.Errorf(paperwire.EINVALID, "Verify your email address first: papers picked for you go only to your own subscription.")
	}
	if err != nil {
		return err
	}
	if sub.ForYou == on {
		return nil
	}
	return s.store.SetForYou(ctx, sub.ID, u.ID, on)
}

// SubscribeUser subscribes a signed-in user's address with prefs. A
// verified address needs no confirmation; an unverified one gets the
// confirmation mail like any other.
func (s *Service) SubscribeUser(ctx context.Context, u *paperwire.User, prefs paperwire.SubscriptionPrefs) error {
	if !s.enabled {
		return paperwire.Errorf(paperwire.EINVALID, "This site does not send mail.")
	}
	sub, err := s.store.PutSubscriber(ctx, u.Email, u.ID, prefs, u.EmailVerified)
	if err != nil {
		return err
	}
	if !u.EmailVerified {
		return s.queueConfirm(ctx, sub, "")
	}
	return nil
}

// SaveUserSearch saves query as an alert for a signed-in user, subscribing
// the address for alerts alone when it was not subscribed.
func (s *Service) SaveUserSearch(ctx context.Context, u *paperwire.User, query string) error {
	if err := checkQuery(query); err != nil {
		return err
	}
	sub, err := s.store.SubscriberByUser(ctx, u.ID)
	if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		prefs := paperwire.DefaultPrefs()
		prefs.Frequency = paperwire.FrequencyNone
		if !u.EmailVerified {
			return s.Subscribe(ctx, u.Email, query)
		}
		sub, err = s.store.PutSubscriber(ctx, u.Email, u.ID, prefs, true)
	}
	if err != nil {
		return err
	}
	_, err = s.store.SaveSearch(ctx, sub.ID, query)
	return err
}

// VerifyEmail queues the mail that verifies u's address (web.Mailer). With
// mail off, the link is written to the log instead, so a small instance
// still works.
func (s *Service) VerifyEmail(ctx context.Context, u *paperwire.User) error {
	token := s.signer.Sign(purposeVerify, strconv.FormatInt(u.ID, 10)+"|"+strings.ToLower(u.Email), s.now().Add(ConfirmTTL))
	link := s.URL("/verify/" + token)
	subject, text := verifyText(u.Name, link)
	return s.accountMail(ctx, paperwire.MailVerify, fmt.Sprintf("verify:%d:%s", u.ID, shortHash(token)), u, subject, text, link)
}

// VerifiedUser checks an address-verification link and returns the user id
// and the address it verifies.
func (s *Service) VerifiedUser(ctx context.Context, token string) (int64, string, error) {
	subj, err := s.signer.Verify(purposeVerify, token, s.now())
	if err != nil {
		return 0, "", err
	}
	idStr, email, _ := strings.Cut(subj, "|")
	id, err := strconv.ParseInt(idStr, 10, 64)
	if err != nil {
		return 0, "", paperwire.Errorf(paperwire.EINVALID, "This link is not valid.")
	}
	return id, email, nil
}

// ResetPassword queues a password-reset link for u: random, single-use,
// valid for ResetTTL, stored only as a hash.
func (s *Service) ResetPassword(ctx context.Context, u *paperwire.User) error {
	id, hash := auth.NewSessionID()
	if err := s.store.CreatePasswordReset(ctx, hash, u.ID, s.now().Add(ResetTTL)); err != nil {
		return err
	}
	link := s.URL("/reset/" + id)
	subject, text := resetText(u.Name, link)
	return s.accountMail(ctx, paperwire.MailReset, "reset:"+hash, u, subject, text, link)
}

// ResetUser returns the user a reset link belongs to, without using it up.
func (s *Service) ResetUser(ctx context.Context, token string) (int64, error) {
	if len(token) > maxTokenLen {
		return 0, paperwire.Errorf(paperwire.EINVALID, "This reset link is not valid any more. Ask for a new one.")
	}
	return s.store.PasswordResetUser(ctx, auth.Hash(token))
}

// UseReset uses a reset link up and returns its user.
func (s *Service) UseReset(ctx context.Context, token string) (int64, error) {
	if len(token) > maxTokenLen {
		return 0, paperwire.Errorf(paperwire.EINVALID, "This reset link is not valid any more. Ask for a new one.")
	}
	return s.store.UsePasswordReset(ctx, auth.Hash(token))
}

// accountMail queues account mail, or logs its link when mail is off. The
// log line holds the link and never a password.
func (s *Service) accountMail(ctx context.Context, kind, key string, u *paperwire.User, subject, text, link string) error {
	if !s.enabled {
		s.log.Info("mail is off; account link for the operator to pass on", "kind", kind, "user", u.Name, "link", link)
		return nil
	}
	_, err := s.store.Enqueue(ctx, &paperwire.OutboxMessage{Kind: kind, DedupeKey: key, Recipient: u.Email, Subject: subject,
		Text: text, HTML: simpleHTML(text, link, "Open the link"), MessageID: s.MessageID(key)})
	return err
}

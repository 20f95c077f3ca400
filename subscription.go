package paperwire

import (
	"strings"
	"time"
)

// Subscriber states. A subscriber gets mail only while active.
const (
	SubscriberPending      = "pending"      // the confirmation link was not followed yet
	SubscriberActive       = "active"       // confirmed; gets its digest and alerts
	SubscriberUnsubscribed = "unsubscribed" // asked to stop
	SubscriberBouncing     = "bouncing"     // the address was refused permanently too often
)

// Digest frequencies. FrequencyNone keeps only saved-search alerts.
const (
	FrequencyDaily  = "daily"
	FrequencyWeekly = "weekly"
	FrequencyNone   = "none"
)

// MaxSubscriberFailures is how many permanent delivery failures stop mail to
// an address until it subscribes again.
const MaxSubscriberFailures = 3

// Subscriber is one address that asked for the digest or for alerts.
type Subscriber struct {
	ID     int64
	Email  string
	UserID int64 // the account it belongs to, 0 for an address alone
	Status string
	SubscriptionPrefs
	Failures    int // permanent delivery failures since it was confirmed
	CreatedAt   time.Time
	ConfirmedAt time.Time // zero until confirmed
	// ForYou adds a "For you" section to the digest: the period's papers
	// ranked by the likes of the account (UserID). Set apart from the
	// prefs, since only the account's owner may change it.
	ForYou bool
}

// SubscriptionPrefs are the choices a subscriber makes.
type SubscriptionPrefs struct {
	Frequency  string   // FrequencyDaily, FrequencyWeekly or FrequencyNone
	Categories []string // arXiv categories; empty means every category
	SendHour   int      // 0–23, in TimeZone
	TimeZone   string   // an IANA zone name, like Europe/Paris
}

// DefaultPrefs are a new subscriber's choices: daily, every category, 8:00 UTC.
func DefaultPrefs() SubscriptionPrefs {
	return SubscriptionPrefs{Frequency: FrequencyDaily, SendHour: 8, TimeZone: "UTC"}
}

// maxCategories bounds how many categories one subscriber may pick.
const maxCategories = 20

// Validate checks the choices and normalizes the categories (lower case for
// the archive, trimmed, without repeats). Returns EINVALID.
func (p *SubscriptionPrefs) Validate() error {
	switch p.Frequency {
	case FrequencyDaily, FrequencyWeekly, FrequencyNone:
	default:
		return Errorf(EINVALID, "Choose daily, weekly or no digest.")
	}
	if p.SendHour < 0 || p.SendHour > 23 {
		return Errorf(EINVALID, "The send hour must be between 0 and 23.")
	}
	if p.TimeZone == "" {
		p.TimeZone = "UTC"
	}
	if len(p.TimeZone) > 64 {
		return Errorf(EINVALID, "Unknown time zone.")
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || strings.ContainsAny(p.TimeZone, "\r\n") {
		return Errorf(EINVALID, "Unknown time zone %q.", p.TimeZone)
	}
	seen := map[string]bool{}
	var cats []string
	for _, c := range p.Categories {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		if !validCategory(c) {
			return Errorf(EINVALID, "%q is not an arXiv category.", c)
		}
		seen[c] = true
		cats = append(cats, c)
	}
	if len(cats) > maxCategories {
		return Errorf(EINVALID, "Pick at most %d categories.", maxCategories)
	}
	p.Categories = cats
	return nil
}

// validCategory accepts arXiv category names like cs.CL, math.AP, hep-th.
func validCategory(c string) bool {
	if len(c) > 32 {
		return false
	}
	for _, r := range c {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// SavedSearch is a search whose new matches are mailed to a subscriber.
type SavedSearch struct {
	ID           int64
	SubscriberID int64
	Query        string
	CreatedAt    time.Time
}

// MaxSavedSearches bounds how many searches one subscriber may save.
const MaxSavedSearches = 20

// MaxSavedQueryLen bounds a saved search's text.
const MaxSavedQueryLen = 512

// Mail kinds: what an outbox message is.
const (
	MailDigest  = "digest"
	MailAlert   = "alert"
	MailConfirm = "confirm"
	MailVerify  = "verify"
	MailReset   = "reset"
)

// OutboxMessage is one message in the outbox, rendered when queued, so what is
// sent, retried and shown by "view in browser" is the same text.
type OutboxMessage struct {
	ID           int64
	Kind         string
	DedupeKey    string // UNIQUE: a second message with the same key is not queued
	SubscriberID int64  // 0 for account mail
	Recipient    string
	Subject      string
	HTML         string
	Text         string
	Unsubscribe  string // the one-click unsubscribe URL; "" for account mail
	MessageID    string // the Message-ID header's value, without angle brackets
	Status       string // queued, sent or dropped
	Attempts     int
	NextAt       time.Time
	LastError    string
	CreatedAt    time.Time
	SentAt       time.Time
}

// Outbox message states.
const (
	OutboxQueued  = "queued"
	OutboxSent    = "sent"
	OutboxDropped = "dropped"
)

// Subscription is a subscriber with its saved searches, as its manage page
// shows it.
type Subscription struct {
	*Subscriber
	Searches []*SavedSearch
	// Token is the signed manage token that reaches it without signing in.
	Token string
}

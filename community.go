package paperwire

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person with an account. PasswordHash is an argon2id hash in PHC
// form, set and checked only by package auth; it is never shown or logged.
type User struct {
	ID            int64
	Name          string // unique, case-insensitively; see ValidateUserName
	Email         string // unique, case-insensitively
	PasswordHash  string
	Admin         bool
	Disabled      bool // a disabled user cannot sign in, and their sessions and tokens stop working
	ShowUpvotes   bool // the profile lists the papers they upvoted (private by default)
	EmailVerified bool
	CreatedAt     time.Time
	// Version counts the account's updates; UpdateUser writes only over the
	// version it was read at (see ErrUserChanged).
	Version int64
}

// ErrUserChanged is UpdateUser's answer when the account changed since it
// was read: read it again and redo the change.
var ErrUserChanged = Errorf(ECONFLICT, "The account was changed meanwhile; please try again.")

// ValidateUserName checks a new user name: 2 to 32 letters, digits, '-', '_'
// or '.', starting with a letter or digit. Names appear in URLs (/u/{name})
// and after '@' in comments, so nothing else is allowed. Returns EINVALID.
func ValidateUserName(name string) error {
	if n := utf8.RuneCountInString(name); n < 2 || n > 32 {
		return Errorf(EINVALID, "A user name has 2 to 32 characters.")
	}
	for i, r := range name {
		alnum := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if !alnum && (i == 0 || !strings.ContainsRune("-_.", r)) {
			return Errorf(EINVALID, "A user name uses letters, digits, '-', '_' and '.', and starts with a letter or digit.")
		}
	}
	return nil
}

// ValidateEmail checks an email address's shape: mail confirms it exists.
func ValidateEmail(email string) error {
	at := strings.LastIndexByte(email, '@')
	if len(email) > 254 || at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n<>\",;") {
		return Errorf(EINVALID, "That does not look like an email address.")
	}
	return nil
}

// APIToken is a token for the JSON API, shown once at creation; the store
// keeps only its hash. Hint is its first characters, so people can tell
// their tokens apart.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Hint       string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used
}

// UserService keeps accounts, sessions and API tokens. Session ids and
// tokens reach it only as hashes (package auth makes them).
type UserService interface {
	// CreateUser stores u and sets u.ID. Returns EINVALID for a bad name or
	// email and ECONFLICT when the name or email is taken.
	CreateUser(ctx context.Context, u *User) error
	// User, UserByName and UserByEmail return ENOTFOUND when there is none.
	User(ctx context.Context, id int64) (*User, error)
	UserByName(ctx context.Context, name string) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UpdateUser writes u's email, password hash and flags, if the account is
	// still at u.Version, and bumps it. ECONFLICT for a taken email;
	// ErrUserChanged when someone changed the account since u was read.
	UpdateUser(ctx context.Context, u *User) error
	// DeleteUser removes the account and its personal data: sessions,
	// tokens and upvotes (the papers' counts go down); papers they
	// submitted stay on their day's list with no submitter.
	DeleteUser(ctx context.Context, id int64) error
	// Users returns one page of accounts, oldest first, and the total.
	Users(ctx context.Context, offset, limit int) ([]*User, int, error)

	// CreateSession stores a session for userID under the hash of its id.
	CreateSession(ctx context.Context, idHash string, userID int64, expires time.Time) error
	// SessionUser returns the user of a live session: ENOTFOUND when it is
	// unknown, expired, or its user is disabled.
	SessionUser(ctx context.Context, idHash string) (*User, error)
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteSessions ends every session of a user (a password change, a ban).
	DeleteSessions(ctx context.Context, userID int64) error

	// CreateToken stores t (setting its ID) under the token's hash.
	CreateToken(ctx context.Context, t *APIToken, hash string) error
	// TokenUser returns the user a token belongs to and records its use:
	// ENOTFOUND when unknown or its user is disabled.
	TokenUser(ctx context.Context, hash string) (*User, error)
	Tokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// DeleteToken revokes one of userID's tokens; ENOTFOUND if it is not theirs.
	DeleteToken(ctx context.Context, userID, tokenID int64) error
}

// VoteService records upvotes: one per user per paper.
type VoteService interface {
	// Upvote and RemoveUpvote set userID's vote on paperID and return the
	// paper's count; repeating one changes nothing. ENOTFOUND for an unknown paper.
	Upvote(ctx context.Context, userID int64, paperID string) (int, error)
	RemoveUpvote(ctx context.Context, userID int64, paperID string) (int, error)
	// Upvoted says which of ids userID has upvoted.
	Upvoted(ctx context.Context, userID int64, ids []string) (map[string]bool, error)
	// UserUpvotes returns one page of the papers userID upvoted, newest vote first, and the total.
	UserUpvotes(ctx context.Context, userID int64, offset, limit int) ([]*Paper, int, error)
}

// Submission puts a paper on the community's list of the day it was submitted.
type Submission struct {
	PaperID  string
	UserID   int64
	UserName string
	At       time.Time
}

// SubmissionService records submissions.
type SubmissionService interface {
	// Submit puts s.PaperID on the list of the day of s.At. ECONFLICT when
	// the paper was submitted before; ENOTFOUND when it is not stored.
	Submit(ctx context.Context, s Submission) error
	// SubmissionsSince counts userID's submissions at or after since.
	SubmissionsSince(ctx context.Context, userID int64, since time.Time) (int, error)
	// RemoveSubmission takes a paper off the community's list (an admin's call).
	RemoveSubmission(ctx context.Context, paperID string) error
}

// AuditEntry is one admin action, kept for the audit log.
type AuditEntry struct {
	At      time.Time
	ActorID int64
	Actor   string // the admin's name when it was done
	Action  string // e.g. "disable-user", "remove-submission"
	Target  string
	Detail  string
}

// AuditService keeps the admin audit log.
type AuditService interface {
	Audit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the newest entries first.
	AuditLog(ctx context.Context, limit int) ([]AuditEntry, error)
}

// Trending ranks papers by upvotes decayed with age, as Hacker News ranks
// stories: score = upvotes / (age_hours + 2)^TrendingGravity, where age is
// counted from the start of the day the paper went on the community's list
// (SubmittedOn), or else from the day arXiv announced it. A paper with 20
// upvotes today outranks one with 100 from a week ago; /papers/trending
// considers papers of the last TrendingWindow with at least one upvote.
const (
	TrendingGravity = 1.8
	TrendingWindow  = 30 * 24 * time.Hour
)

// TrendingScore is p's trending score at now.
func TrendingScore(p *Paper, now time.Time) float64 {
	since := p.ListedOn
	if !p.SubmittedOn.IsZero() {
		since = p.SubmittedOn
	}
	age := max(now.Sub(since).Hours(), 0)
	return float64(p.Upvotes) / math.Pow(age+2, TrendingGravity)
}

package paperwire

import (
	"context"
	"time"
)

// FeedTokenService keeps the secret tokens of personal feeds: a user's
// "For you" list as Atom and RSS at a URL only they know. A user has at most
// one; the store keeps only its hash (package auth makes both).
type FeedTokenService interface {
	// SetFeedToken makes hash userID's feed token, replacing (and so
	// revoking) any earlier one.
	SetFeedToken(ctx context.Context, userID int64, hash string) error
	// DeleteFeedToken revokes userID's feed token; ENOTFOUND when there is none.
	DeleteFeedToken(ctx context.Context, userID int64) error
	// FeedTokenUser returns the user whose token has hash: ENOTFOUND when
	// it is unknown or its user is disabled.
	FeedTokenUser(ctx context.Context, hash string) (*User, error)
	// FeedTokenCreated returns when userID's token was made, the zero time
	// when they have none.
	FeedTokenCreated(ctx context.Context, userID int64) (time.Time, error)
}

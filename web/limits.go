package web

import (
	"time"

	"github.com/paperwire/paperwire/auth"
)

// limits are the rate limits of the routes that guess at or create
// something: each refuses with 429 and Retry-After. Sign-in is limited per
// client address and per account name, so neither one address trying many
// names nor many addresses trying one name gets far.
type limits struct {
	signinAddr *auth.Limiter // sign-in attempts per client address
	signinName *auth.Limiter // sign-in attempts per account name
	signup     *auth.Limiter // accounts created per client address
	submit     *auth.Limiter // submissions per client address (the per-user daily cap is SubmitPerDay)
	write      *auth.Limiter // other writes (votes, settings) per user
}

func newLimits() limits {
	return limits{
		signinAddr: auth.NewLimiter(20, 10*time.Minute),
		signinName: auth.NewLimiter(10, 10*time.Minute),
		signup:     auth.NewLimiter(5, time.Hour),
		submit:     auth.NewLimiter(20, time.Hour),
		write:      auth.NewLimiter(120, time.Minute),
	}
}

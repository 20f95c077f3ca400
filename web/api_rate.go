package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/paperwire/paperwire/auth"
)

// newAPILimiter is the per-client limit of the JSON API: rate requests a
// second on average, up to burst at once, as a token bucket (auth.Limiter).
// A rate of 0 or less means no limit.
func newAPILimiter(rate float64, burst int) *auth.Limiter {
	if rate <= 0 {
		return nil
	}
	if burst < 1 {
		burst = max(1, int(2*rate))
	}
	return auth.NewLimiter(burst, time.Duration(float64(burst)/rate*float64(time.Second)))
}

// apiRateLimit answers 429 with Retry-After to an API client past its
// limit. A client is the account of a valid API token or session, so a
// token's holder gets the same allowance from any address; anyone else is
// their address (clientAddr, which follows PAPERWIRE_TRUST_PROXY). A bad
// token does not get an allowance of its own: made-up tokens cannot
// multiply one address's requests. CORS preflights are not counted.
func (s *Server) apiRateLimit(next http.Handler) http.Handler {
	if s.apiLimiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isAPI(r) || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		key := "addr:" + s.clientAddr(r)
		if u := Viewer(r); u != nil {
			key = "user:" + strconv.FormatInt(u.ID, 10)
		}
		if s.limited(w, r, s.apiLimiter, key) {
			if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
				info.pattern = "API rate limit" // answered before routing
			}
			return
		}
		next.ServeHTTP(w, r)
	})
}

package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// maxRequestBody is the backstop on every request body, whatever the
// route: a route reads less (forms 64 KB, JSON 64 KB, see readForm and
// readJSONBody), and one that reads none (an upvote) must not be sent a
// large one either.
const maxRequestBody = 1 << 20

// limitBodies refuses a request that declares a body over maxRequestBody
// with 413 before any handler runs, and cuts an undeclared (chunked) one at
// that size, so no route can be made to read more.
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxRequestBody {
			w.Header().Set("Connection", "close") // the rest of the body is not read
			s.failAny(w, r, paperwire.Errorf(etoolarge, "The request body is larger than %d KB.", maxRequestBody>>10))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
		}
		next.ServeHTTP(w, r)
	})
}

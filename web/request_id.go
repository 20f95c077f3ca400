package web

import (
	"net/http"

	"github.com/paperwire/paperwire/internal/reqlog"
)

// requestIDHeader names a request's id, in both directions.
const requestIDHeader = "X-Request-Id"

// withRequestID gives r its id: the one a client or proxy in front sent,
// when it is sane (reqlog.Sane), else a new one. The response carries it in
// X-Request-Id, and every line logged with r's context carries it as
// request_id, so one request's lines can be found together and a user's
// report ("request id …") found in the logs.
func withRequestID(w http.ResponseWriter, r *http.Request) *http.Request {
	id := r.Header.Get(requestIDHeader)
	if !reqlog.Sane(id) {
		id = reqlog.NewID()
	}
	w.Header().Set(requestIDHeader, id)
	return r.WithContext(reqlog.WithID(r.Context(), id))
}

// corsExposed are the API's response headers a script on another site may
// read: its request id, its validator for conditional requests, and when
// to retry.
const corsExposed = "ETag, Retry-After, X-Request-Id"

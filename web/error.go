package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// eunavailable is the web layer's own code for a feature this server was
// started without (search before an index exists).
const eunavailable = "unavailable"

// emethod is the web layer's code for a request method a route does not take.
const emethod = "method_not_allowed"

// etoolarge and eunsupported answer request bodies over their limit and of
// a content type a route does not take.
const (
	etoolarge    = "too_large"
	eunsupported = "unsupported_media_type"
)

// errSearchUnavailable answers search requests when no Searcher is configured.
var errSearchUnavailable = paperwire.Errorf(eunavailable, "Search is not available on this server yet.")

// errorStatus is the one table from error codes to HTTP statuses.
var errorStatus = map[string]int{
	paperwire.EINVALID:      http.StatusBadRequest,
	paperwire.ENOTFOUND:     http.StatusNotFound,
	paperwire.ECONFLICT:     http.StatusConflict,
	paperwire.EUNAUTHORIZED: http.StatusUnauthorized,
	paperwire.EFORBIDDEN:    http.StatusForbidden,
	paperwire.ETOOMANY:      http.StatusTooManyRequests,
	etoolarge:               http.StatusRequestEntityTooLarge,
	eunsupported:            http.StatusUnsupportedMediaType,
	paperwire.EINTERNAL:     http.StatusInternalServerError,
	eunavailable:            http.StatusServiceUnavailable,
	emethod:                 http.StatusMethodNotAllowed,
}

// statusOf maps an error to its HTTP status; unknown codes are 500.
func statusOf(err error) int {
	if st, ok := errorStatus[paperwire.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	Page
	Status  int
	Heading string
	Message string
	Links   []navLink // where to go from here
}

// fail answers err as an HTML page: the user reads the domain message (never
// the internal cause), the log gets the wrapped error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error, links ...navLink) {
	if clientGone(w, r, err) {
		return
	}
	noteError(r, err)
	err = asUnavailable(err)
	setRetryAfter(w, err)
	st := statusOf(err)
	p := errorPage{
		Page:    s.page(r, http.StatusText(st)),
		Status:  st,
		Heading: headingFor(st),
		Message: paperwire.ErrorMessage(err),
		Links:   links,
	}
	if st >= 500 && st != http.StatusServiceUnavailable {
		p.Message = "Something went wrong on our side. Please try again in a moment."
	}
	s.render(w, r, st, "error", p)
}

// failJSON answers err as {"error": "..."} with the status from the table.
func (s *Server) failJSON(w http.ResponseWriter, r *http.Request, err error) {
	if clientGone(w, r, err) {
		return
	}
	noteError(r, err)
	err = asUnavailable(err)
	setRetryAfter(w, err)
	st := statusOf(err)
	msg := paperwire.ErrorMessage(err)
	var pe *paperwire.Error
	if st >= 500 && !errors.As(err, &pe) {
		msg = "Internal error."
	}
	s.writeJSON(w, r, st, apiError{Error: msg})
}

// statusClientClosed is what the request log records for a client that went
// away before its answer was ready (nginx's 499): not a server error.
const statusClientClosed = 499

// clientGone reports whether the client went away (its request's context
// ended) before err, which then only says so ("context canceled", a
// database connect "operation was canceled"), and if so records that for
// the log instead of a 500; there is nobody to answer.
func clientGone(w http.ResponseWriter, r *http.Request, _ error) bool {
	if r.Context().Err() == nil {
		return false
	}
	w.WriteHeader(statusClientClosed)
	return true
}

// retryError is an error whose answer carries Retry-After: a rate limit,
// the submission quota, a busy search. fail and failJSON set the header, so
// every refusal that says "try again later" says when.
type retryError struct {
	err   error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// setRetryAfter sets Retry-After (whole seconds, at least 1) when err asks for it.
func setRetryAfter(w http.ResponseWriter, err error) {
	var re *retryError
	if errors.As(err, &re) {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int((re.after+time.Second-1)/time.Second))))
	}
}

// failAny answers err as JSON on the API and as an HTML page elsewhere.
func (s *Server) failAny(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.failJSON(w, r, err)
		return
	}
	s.fail(w, r, err)
}

func headingFor(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "Please sign in"
	case http.StatusForbidden:
		return "Not yours to change"
	case http.StatusTooManyRequests:
		return "Slow down"
	case http.StatusBadRequest:
		return "That address doesn't look right"
	case http.StatusNotFound:
		return "Not found"
	case http.StatusServiceUnavailable:
		return "Not available"
	case http.StatusMethodNotAllowed:
		return "Not allowed"
	}
	return "Something went wrong"
}

// notFound answers any path no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.fail(w, r, paperwire.Errorf(emethod, "Method %s is not allowed here.", clipText(r.Method, 20)))
		return
	}
	s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page at %s.", clipText(r.URL.Path, 80)),
		navLink{Label: "Today's papers", URL: "/"})
}

// apiNotFound answers unknown API paths in JSON.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.failJSON(w, r, paperwire.Errorf(emethod, "method %s is not allowed", clipText(r.Method, 20)))
		return
	}
	s.failJSON(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "no API endpoint at %s", clipText(r.URL.Path, 80)))
}

// cutText shortens s to at most n bytes on a rune boundary.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// clipText shortens s to at most n bytes on a rune boundary, for messages
// that echo user input.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return cutText(s, n) + "…"
}

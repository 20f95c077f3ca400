package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// The API may be called from any origin without credentials: its answers
// carry Access-Control-Allow-Origin: * (writeJSON) and never
// Access-Control-Allow-Credentials, so a browser sends no cookies on a
// cross-origin call and a credentialed one fails its preflight. Writes
// still pass Go's CrossOriginProtection (server.go), which refuses a
// browser's cross-origin POST or DELETE whatever it carries; preflights
// (OPTIONS) are safe requests to it and reach apiPreflight.

// corsMaxAge is how long a browser may reuse a preflight's answer
// (Chromium caps it at 2 hours).
const corsMaxAge = 2 * time.Hour

// corsMethods are the methods a preflight may be told a path takes.
var corsMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// apiPreflight answers OPTIONS /api/...: 204 with the methods mux routes
// for the path (so POST and DELETE only on the write endpoints, and only
// on a server that takes writes), the headers a client may send, and how
// long to remember it. A path no method routes is 404.
func (s *Server) apiPreflight(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range corsMethods {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" && pattern != "/" {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) == 0 {
			s.failJSON(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "no API endpoint at %s", clipText(r.URL.Path, 80)))
			return
		}
		methods := strings.Join(append(allowed, http.MethodOptions), ", ")
		h := w.Header()
		h.Set("Allow", methods)
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", methods)
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, X-Request-Id")
		h.Set("Access-Control-Max-Age", strconv.Itoa(int(corsMaxAge/time.Second)))
		w.WriteHeader(http.StatusNoContent)
	}
}

package web

import (
	"net/http"
	"strings"
	"time"
)

// notModified evaluates a GET's preconditions against the response headers h
// as RFC 9110 §13.2.2 orders them: If-None-Match when present (weak
// comparison), else If-Modified-Since against Last-Modified.
func notModified(r *http.Request, h http.Header) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatches(inm, h.Get("ETag"))
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	if err != nil {
		return false
	}
	modified, err := http.ParseTime(h.Get("Last-Modified"))
	if err != nil {
		return false
	}
	return !modified.Truncate(time.Second).After(since)
}

// etagMatches reports whether the If-None-Match list matches etag, comparing
// weakly ("W/" ignored) as If-None-Match requires.
func etagMatches(list, etag string) bool {
	if etag == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

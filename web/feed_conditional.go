package web

import (
	"net/http"
	"strings"
	"time"
)

// conditional answers 304 Not Modified to a GET whose If-None-Match (or,
// without one, If-Modified-Since) matches the ETag (Last-Modified) of the
// 200 that h is about to send, whether h renders it or replays it from the
// page cache. It sits outside the cache, which keeps and replays only 200s.
func conditional(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == "" {
			h(w, r)
			return
		}
		h(&conditionalWriter{ResponseWriter: w, r: r}, r)
	}
}

// conditionalWriter decides between 200 and 304 when the status is written.
type conditionalWriter struct {
	http.ResponseWriter
	r           *http.Request
	decided     bool
	notModified bool
}

func (c *conditionalWriter) WriteHeader(code int) {
	if c.decided {
		return
	}
	c.decided = true
	if code == http.StatusOK && notModified(c.r, c.Header()) {
		c.notModified = true
		h := c.Header()
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
			h.Del(k)
		}
		c.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *conditionalWriter) Write(b []byte) (int, error) {
	if !c.decided {
		c.WriteHeader(http.StatusOK)
	}
	if c.notModified {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}

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

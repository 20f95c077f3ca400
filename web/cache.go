package web

import (
	"bytes"
	"net/http"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
)

// pageCache keeps successful GET responses of read-only pages for a few
// seconds ("micro-caching"). A day page is the same for every visitor until
// the next import, and rendering it costs three queries and a template; with
// the cache a popular page costs one map lookup, and a fresh import shows up
// within the TTL. Only 200 answers are kept; errors are always computed.
type pageCache struct {
	ttl time.Duration
	now paperwire.Clock
	max int

	mu      sync.Mutex
	entries map[string]*cachedPage
}

type cachedPage struct {
	header http.Header
	body   []byte
	at     time.Time
}

// maxCacheKey skips caching for absurd URLs instead of storing them.
const maxCacheKey = 512

func newPageCache(ttl time.Duration, now paperwire.Clock, max int) *pageCache {
	return &pageCache{ttl: ttl, now: now, max: max, entries: map[string]*cachedPage{}}
}

// wrap returns h with caching in front of it; a negative TTL disables it.
func (c *pageCache) wrap(h http.HandlerFunc) http.HandlerFunc {
	if c.ttl < 0 {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.EscapedPath() + "?" + r.URL.RawQuery
		if len(key) > maxCacheKey {
			h(w, r)
			return
		}
		if p := c.get(key); p != nil {
			for k, v := range p.header {
				w.Header()[k] = v
			}
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				w.Write(p.body) //nolint:errcheck // the client went away; nothing to do
			}
			return
		}
		cw := &captureWriter{header: http.Header{}, status: http.StatusOK}
		h(cw, r)
		for k, v := range cw.header {
			w.Header()[k] = v
		}
		w.WriteHeader(cw.status)
		w.Write(cw.body.Bytes()) //nolint:errcheck // the client went away; nothing to do
		if cw.status == http.StatusOK && r.Method == http.MethodGet {
			c.put(key, &cachedPage{header: cw.header, body: cw.body.Bytes(), at: c.now()})
		}
	}
}

func (c *pageCache) get(key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.entries[key]
	if !ok {
		return nil
	}
	if age := c.now().Sub(p.at); age >= c.ttl || age < 0 {
		delete(c.entries, key)
		return nil
	}
	return p
}

func (c *pageCache) put(key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		now := c.now()
		for k, e := range c.entries {
			if now.Sub(e.at) >= c.ttl {
				delete(c.entries, k)
			}
		}
		for k := range c.entries { // still full: drop arbitrary entries
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = p
}

// captureWriter buffers a response so it can be both sent and cached.
type captureWriter struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (w *captureWriter) Header() http.Header { return w.header }

func (w *captureWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
}

func (w *captureWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.body.Write(b)
}

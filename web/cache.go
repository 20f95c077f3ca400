package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
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
	// gen counts invalidations; a page rendered under an older generation
	// may hold data from before the change and is not kept.
	gen uint64
	// changed is when the data last changed, as far as the server knows:
	// its start or the last invalidation (the Last-Modified of pages).
	changed time.Time
}

type cachedPage struct {
	header http.Header
	body   []byte
	gz     []byte // body gzipped, when that is worth it
	at     time.Time
}

// newCachedPage keeps a response, compressing it once for every later client
// that accepts gzip: a day page of 30 abstracts shrinks about four times.
func newCachedPage(header http.Header, body []byte, at time.Time) *cachedPage {
	p := &cachedPage{header: header, body: body, at: at}
	header.Set("Vary", "Accept-Encoding")
	if header.Get("ETag") == "" {
		header.Set("ETag", bodyETag(body)) // hashed once, not at every hit
	}
	if len(body) >= 1024 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		if _, err := zw.Write(body); err == nil && zw.Close() == nil && buf.Len() < len(body) {
			p.gz = buf.Bytes()
		}
	}
	return p
}

// write replays the page, gzipped when the client accepts it.
func (p *cachedPage) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	body := p.body
	if p.gz != nil && acceptsGzip(r) {
		body = p.gz
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body) //nolint:errcheck // the client went away; nothing to do
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.TrimSpace(name) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
				return true
			}
		}
	}
	return false
}

// maxCacheKey skips caching for absurd URLs instead of storing them.
const maxCacheKey = 512

func newPageCache(ttl time.Duration, now paperwire.Clock, max int) *pageCache {
	return &pageCache{ttl: ttl, now: now, max: max, entries: map[string]*cachedPage{}, changed: now()}
}

// wrap returns h with caching in front of it; a negative TTL disables it.
func (c *pageCache) wrap(h http.HandlerFunc) http.HandlerFunc {
	if c.ttl < 0 {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.EscapedPath() + "?" + r.URL.RawQuery
		// A signed-in viewer's pages carry their own votes and menu: never
		// cached, never served from the cache.
		if len(key) > maxCacheKey || Viewer(r) != nil || r.Header.Get("Authorization") != "" {
			h(w, r)
			return
		}
		p, gen := c.get(key)
		if p != nil {
			p.write(w, r)
			return
		}
		cw := &captureWriter{header: http.Header{}, status: http.StatusOK}
		h(cw, r)
		if cw.status == http.StatusOK && r.Method == http.MethodGet {
			p := newCachedPage(cw.header, cw.body.Bytes(), c.now())
			c.put(key, p, gen)
			p.write(w, r)
			return
		}
		for k, v := range cw.header {
			w.Header()[k] = v
		}
		w.WriteHeader(cw.status)
		w.Write(cw.body.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
}

// get returns the live page under key, or nil and the generation a page
// rendered now belongs to.
func (c *pageCache) get(key string) (*cachedPage, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.entries[key]
	if !ok {
		return nil, c.gen
	}
	if age := c.now().Sub(p.at); age >= c.ttl || age < 0 {
		delete(c.entries, key)
		return nil, c.gen
	}
	return p, c.gen
}

// invalidate drops every page: the data behind them changed.
func (c *pageCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = map[string]*cachedPage{}
	c.gen++
	c.changed = c.now()
}

// changedAt is when the data behind the pages last changed.
func (c *pageCache) changedAt() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// put keeps p under key unless the cache was invalidated since gen.
func (c *pageCache) put(key string, p *cachedPage, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
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

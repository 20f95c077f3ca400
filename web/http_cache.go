package web

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cespare/xxhash/v2"
)

// Browsers and shared caches may reuse an anonymous page or API answer for
// browserMaxAge without asking; after that they revalidate with
// If-None-Match and usually get a 304. It is short because imports and votes
// change the lists, and it is no longer than the page cache's own reuse
// would make sense of.
const browserMaxAge = 30 * time.Second

// maxETagBody is the largest response hashed for an ETag. Bigger ones are
// streamed as they are written, without an ETag, instead of held in memory.
const maxETagBody = 2 << 20

// Cache-Control values for what only one viewer may see, and for what must
// never be stored (a response that sets a cookie).
const (
	cachePrivate = "private, no-store"
	cacheNever   = "no-store"
)

// httpCaching gives every response the HTTP caching headers it needs,
// decided when its status is written:
//
//   - a response that sets a cookie: no-store, whatever it said before;
//   - a GET by a signed-in viewer or with an Authorization header:
//     private, no-store (it shows their votes and menu);
//   - an anonymous GET or HEAD answered 200: public with a short max-age,
//     Vary: Cookie (a browser signing in must not reuse it), a weak ETag
//     (the hash of the body, kept by the page cache with the page) and a
//     Last-Modified of the last data change the server saw; then 304 when
//     the request's If-None-Match or If-Modified-Since says the client
//     holds it already (notModified).
//
// A handler that set its own Cache-Control (static assets, feeds, probes)
// keeps it, for every viewer; its ETag, if any, is honoured the same way.
func (s *Server) httpCaching(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(&cookieGuard{ResponseWriter: w}, r)
			return
		}
		cw := &cachingWriter{ResponseWriter: w, r: r, s: s,
			private: Viewer(r) != nil || r.Header.Get("Authorization") != ""}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// cookieGuard marks a non-GET response that sets a cookie no-store.
type cookieGuard struct {
	http.ResponseWriter
	wrote bool
}

func (g *cookieGuard) WriteHeader(code int) {
	if !g.wrote {
		g.wrote = true
		if h := g.Header(); h.Get("Set-Cookie") != "" {
			h.Set("Cache-Control", cacheNever)
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *cookieGuard) Write(b []byte) (int, error) {
	if !g.wrote {
		g.WriteHeader(http.StatusOK)
	}
	return g.ResponseWriter.Write(b)
}

func (g *cookieGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// cachingWriter holds back an anonymous 200 without an ETag until its body
// is complete (up to maxETagBody), so the ETag can be its hash and a
// matching request can get a 304 instead.
type cachingWriter struct {
	http.ResponseWriter
	r       *http.Request
	s       *Server
	private bool

	decided   bool // the status was written or is held
	buffering bool // holding the body for its hash
	drop      bool // a 304 went out: the body is not sent
	status    int
	buf       *bytes.Buffer // from bodyBuffers while buffering
}

func (c *cachingWriter) WriteHeader(code int) {
	if c.decided {
		return
	}
	c.decided = true
	h := c.Header()
	switch {
	case h.Get("Set-Cookie") != "":
		h.Set("Cache-Control", cacheNever)
	case h.Get("Cache-Control") != "":
		// The handler knows better (immutable assets, feeds, probes).
	case c.private:
		h.Set("Cache-Control", cachePrivate)
		h.Del("ETag")
		h.Del("Last-Modified")
	case code != http.StatusOK:
		// Errors and redirects are not stored.
	default:
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(browserMaxAge/time.Second)))
		// A copy: the page cache shares its header slices with every hit.
		h["Vary"] = append(append([]string(nil), h["Vary"]...), "Cookie")
		if h.Get("Last-Modified") == "" {
			h.Set("Last-Modified", c.s.cache.changedAt().UTC().Format(http.TimeFormat))
		}
		if h.Get("ETag") == "" {
			c.status, c.buffering = code, true
			c.buf = getBodyBuffer()
			return
		}
	}
	c.send(code)
}

// send writes the status, or 304 when the client's copy is current.
func (c *cachingWriter) send(code int) {
	if code == http.StatusOK && notModified(c.r, c.Header()) {
		h := c.Header()
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
			h.Del(k)
		}
		c.drop = true
		c.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *cachingWriter) Write(b []byte) (int, error) {
	if !c.decided {
		c.WriteHeader(http.StatusOK)
	}
	switch {
	case c.drop:
		return len(b), nil
	case !c.buffering:
		return c.ResponseWriter.Write(b)
	case c.buf.Len()+len(b) <= maxETagBody:
		return c.buf.Write(b)
	}
	// Too big to hold: send what there is and stream the rest, untagged.
	c.buffering = false
	c.ResponseWriter.WriteHeader(c.status)
	_, err := c.ResponseWriter.Write(c.buf.Bytes())
	putBodyBuffer(c.buf)
	c.buf = nil
	if err != nil {
		return 0, err
	}
	return c.ResponseWriter.Write(b)
}

// finish sends a held response, tagged with the hash of its body.
func (c *cachingWriter) finish() {
	if !c.buffering {
		return
	}
	c.buffering = false
	c.Header().Set("ETag", bodyETag(c.buf.Bytes()))
	c.send(c.status)
	if !c.drop {
		c.ResponseWriter.Write(c.buf.Bytes()) //nolint:errcheck // the client went away; nothing to do
	}
	putBodyBuffer(c.buf)
	c.buf = nil
}

// Flush sends a held response as it is (a handler streaming on purpose).
func (c *cachingWriter) Flush() {
	if c.buffering {
		c.buffering = false
		c.ResponseWriter.WriteHeader(c.status)
		c.ResponseWriter.Write(c.buf.Bytes()) //nolint:errcheck // reported by the next write
		putBodyBuffer(c.buf)
		c.buf = nil
	}
	http.NewResponseController(c.ResponseWriter).Flush() //nolint:errcheck // not every writer flushes
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (c *cachingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// bodyETag is a weak validator for a body: equal bodies, equal tags; any
// change to the data shown changes the body and so the tag. Weak because a
// gzipped and a plain copy of one page share it.
//
// The hash is xxHash64, not a cryptographic one: an ETag only has to change
// when the body does, and SHA-256 of a search answer's 20 KB was 2.5% of
// the search API's CPU. It is the same on every instance serving the same
// bytes, so a cache in front of several keeps its validators.
func bodyETag(body []byte) string {
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], xxhash.Sum64(body))
	return `W/"` + hex.EncodeToString(sum[:]) + `"`
}

// bodyBuffers holds the buffers that responses are assembled in (a held
// body awaiting its ETag, an encoded JSON answer), so each request does not
// grow a new one from nothing: the search API's answers are about 20 KB.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBodyBuffer() *bytes.Buffer {
	b := bodyBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// putBodyBuffer returns b to the pool, unless it grew past what a usual
// answer needs (a big export's buffer is left to the collector).
func putBodyBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		bodyBuffers.Put(b)
	}
}

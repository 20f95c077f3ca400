package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
)

// viewerKey carries the signed-in user (or the API token's) through a request.
type viewerKey struct{}

// viewerState is who is asking: a user, or nobody, and whether the request
// carried credentials that did not check out (a bad token answers 401).
type viewerState struct {
	user    *paperwire.User
	badAuth bool
	session string // the session cookie's id hash, for sign-out
}

// Viewer returns the user a request is made by, or nil for an anonymous one.
func Viewer(r *http.Request) *paperwire.User {
	if v, ok := r.Context().Value(viewerKey{}).(*viewerState); ok {
		return v.user
	}
	return nil
}

func viewerOf(r *http.Request) *viewerState {
	if v, ok := r.Context().Value(viewerKey{}).(*viewerState); ok {
		return v
	}
	return &viewerState{}
}

// sessionCookie is the session cookie's name: with the __Host- prefix when
// the site is served over HTTPS, which browsers then only accept Secure,
// host-only and for the whole site.
func (s *Server) sessionCookie() string {
	if s.secure {
		return "__Host-paperwire_session"
	}
	return "paperwire_session"
}

// authenticate finds the viewer: an "Authorization: Bearer" API token, else
// the session cookie. A request with neither is anonymous; one whose
// credentials do not check out is anonymous too, marked so that routes that
// need a user answer 401 instead of treating it as a plain visitor.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &viewerState{}
		if s.users != nil {
			if h := r.Header.Get("Authorization"); h != "" {
				token, ok := strings.CutPrefix(h, "Bearer ")
				if u, err := s.users.TokenUser(r.Context(), auth.Hash(strings.TrimSpace(token))); ok && err == nil {
					v.user = u
				} else {
					v.badAuth = true
				}
			} else if c, err := r.Cookie(s.sessionCookie()); err == nil && c.Value != "" {
				v.session = auth.Hash(c.Value)
				if u, err := s.users.SessionUser(r.Context(), v.session); err == nil {
					v.user = u
				} else {
					v.session = ""
					s.clearSessionCookie(w) // expired or signed out elsewhere
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// startSession signs u in: a new random session id (a new one at every
// sign-in, so a planted id is never promoted), stored hashed, sent as an
// HttpOnly, SameSite=Lax cookie (Secure and __Host- over HTTPS).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *paperwire.User) error {
	if v := viewerOf(r); v.session != "" {
		s.users.DeleteSession(r.Context(), v.session) //nolint:errcheck // replaced either way
	}
	id, hash := auth.NewSessionID()
	expires := s.now().Add(s.sessionTTL)
	if err := s.users.CreateSession(r.Context(), hash, u.ID, expires); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: id, Path: "/", Expires: expires,
		MaxAge: int(s.sessionTTL / time.Second), HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

// endSession signs the viewer out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	s.clearSessionCookie(w)
	if v := viewerOf(r); v.session != "" {
		return s.users.DeleteSession(r.Context(), v.session)
	}
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// requireUser returns the viewer, or answers for a request that needs one
// and returns nil: 401 with a JSON message on the API, a redirect to the
// sign-in page (coming back here after) on pages.
func (s *Server) requireUser(w http.ResponseWriter, r *http.Request) *paperwire.User {
	if u := Viewer(r); u != nil {
		return u
	}
	if isAPI(r) || viewerOf(r).badAuth {
		w.Header().Set("WWW-Authenticate", `Bearer realm="paperwire"`)
		s.failAny(w, r, paperwire.Errorf(paperwire.EUNAUTHORIZED, "Sign in, or send a valid API token as 'Authorization: Bearer <token>'."))
		return nil
	}
	http.Redirect(w, r, "/signin?next="+url.QueryEscape(localPath(r)), http.StatusSeeOther)
	return nil
}

// requireAdmin is requireUser for admins only: 403 for everyone else.
func (s *Server) requireAdmin(w http.ResponseWriter, r *http.Request) *paperwire.User {
	u := s.requireUser(w, r)
	if u == nil {
		return nil
	}
	if !u.Admin {
		s.failAny(w, r, paperwire.Errorf(paperwire.EFORBIDDEN, "Only admins may do that."))
		return nil
	}
	return u
}

// localPath is where r was made to, for coming back to after signing in.
func localPath(r *http.Request) string {
	if r.Method != http.MethodGet {
		if ref := r.Referer(); ref != "" {
			if u, err := url.Parse(ref); err == nil && u.Host == r.Host {
				return safeNext(u.RequestURI())
			}
		}
		return "/"
	}
	return safeNext(r.URL.RequestURI())
}

// safeNext keeps a ?next= target on this site: a path, never another host
// ("//evil.example", "https://…", "/\evil").
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// clientAddr is the client's address for rate limits: the connection's
// peer. Behind a proxy every client shares the proxy's address, unless
// Config.TrustProxy takes the last address of X-Forwarded-For.
func (s *Server) clientAddr(r *http.Request) string {
	if s.trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// limited answers 429 with Retry-After when limiter refuses key, and
// reports whether it did.
func (s *Server) limited(w http.ResponseWriter, r *http.Request, l *auth.Limiter, key string) bool {
	if l == nil {
		return false
	}
	ok, retry := l.Allow(key)
	if ok {
		return false
	}
	secs := int(retry/time.Second) + 1
	s.failAny(w, r, &retryError{err: paperwire.Errorf(paperwire.ETOOMANY, "Too many attempts; try again in %d seconds.", secs),
		after: time.Duration(secs) * time.Second})
	return true
}

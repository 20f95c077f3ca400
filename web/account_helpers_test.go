package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// community is a web server with accounts over one real store (SQLite or
// PostgreSQL, from storetest.Each) holding the tricky papers.
type community struct {
	t      *testing.T
	h      http.Handler
	papers *store.PaperStore
	users  *store.UserStore
}

// newCommunity builds the server the way serve wires it: one store behind
// papers, votes and submissions, another view of it behind users and the
// audit log. The store and the server share fixedNow.
func newCommunity(t *testing.T, db *store.DB, opts ...serverOpt) *community {
	t.Helper()
	db.Now = func() time.Time { return fixedNow }
	c := &community{t: t, papers: store.NewPaperStore(db), users: store.NewUserStore(db)}
	if _, err := c.papers.UpsertPapers(context.Background(), trickyPapers()); err != nil {
		t.Fatal(err)
	}
	wire := func(cfg *web.Config) {
		cfg.Users, cfg.Votes, cfg.Submissions, cfg.Audit = c.users, c.papers, c.papers, c.users
	}
	c.h = newServer(t, c.papers, append([]serverOpt{wire}, opts...)...)
	return c
}

// user stores an account with password, quicker than signing up.
func (c *community) user(name, password string, admin bool) *paperwire.User {
	c.t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		c.t.Fatal(err)
	}
	u := &paperwire.User{Name: name, Email: name + "@example.org", PasswordHash: hash, Admin: admin}
	if err := c.users.CreateUser(context.Background(), u); err != nil {
		c.t.Fatal(err)
	}
	return u
}

// reload reads u from the store again.
func (c *community) reload(u *paperwire.User) *paperwire.User {
	c.t.Helper()
	got, err := c.users.User(context.Background(), u.ID)
	if err != nil {
		c.t.Fatalf("reload %s: %v", u.Name, err)
	}
	return got
}

// browser is one client of the server: it keeps its cookies, comes from
// its own address (the rate limits count per address), and posts forms as
// a browser does on this site (urlencoded, no cross-origin headers).
type browser struct {
	t    *testing.T
	h    http.Handler
	addr string
	jar  map[string]*http.Cookie
}

func (c *community) browser(ip string) *browser {
	return &browser{t: c.t, h: c.h, addr: ip + ":4711", jar: map[string]*http.Cookie{}}
}

// do sends req with the browser's cookies and keeps the ones it gets back.
func (b *browser) do(req *http.Request) *httptest.ResponseRecorder {
	b.t.Helper()
	req.RemoteAddr = b.addr
	for _, c := range b.jar {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.jar, c.Name)
		} else {
			b.jar[c.Name] = c
		}
	}
	return w
}

func (b *browser) get(target string) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, target, nil))
}

// post sends form to target; header holds extra "Name", "value" pairs.
func (b *browser) post(target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// session is the browser's session cookie's value, "" when it has none.
func (b *browser) session() string {
	for name, c := range b.jar {
		if strings.HasSuffix(name, "paperwire_session") {
			return c.Value
		}
	}
	return ""
}

// signin signs in and fails the test unless it worked.
func (b *browser) signin(name, password string) {
	b.t.Helper()
	w := b.post("/signin", url.Values{"name": {name}, "password": {password}})
	wantStatus(b.t, w, http.StatusSeeOther)
	if b.session() == "" {
		b.t.Fatal("signed in without a session cookie")
	}
}

// signedIn reports whether the browser's session works: /settings shows
// instead of sending it to sign in.
func (b *browser) signedIn() bool {
	b.t.Helper()
	w := b.get("/settings")
	switch w.Code {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		return false
	}
	b.t.Fatalf("GET /settings: status %d", w.Code)
	return false
}

// fields builds url.Values from "key", "value" pairs.
func fields(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// cookieNamed returns the cookie called name that w sets, or nil.
func cookieNamed(w *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// wantLocation checks a redirect's status and target.
func wantLocation(tb testing.TB, w *httptest.ResponseRecorder, status int, location string) {
	tb.Helper()
	wantStatus(tb, w, status)
	if got := w.Header().Get("Location"); got != location {
		tb.Fatalf("Location = %q, want %q", got, location)
	}
}

// tokenRequest is a request a script sends with an API token, and a form
// when f is not nil.
func tokenRequest(method, target, token string, f url.Values) *http.Request {
	var r *http.Request
	if f == nil {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(f.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/arxiv"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/instance"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// Papers only the community tests hold, for trending: popular but older,
// and popular but outside the trending window.
const (
	oldPopular  = "2606.90001" // listed June 10, 300 upvotes imported
	outOfWindow = "2605.90002" // listed May 20, 1,000 upvotes imported
)

// paperSite is a server with accounts over one real store (SQLite or
// PostgreSQL, from storetest.Each) holding the fixture days, the tricky
// papers and the two above, wired the way serve wires it. Store and server
// share the clock, which starts at fixedNow and tests may move.
type paperSite struct {
	t      testing.TB
	h      http.Handler
	papers *store.PaperStore
	users  *store.UserStore
	now    time.Time
	peers  int // members made so far, for their addresses
}

func newPaperSite(t testing.TB, db *store.DB, opts ...serverOpt) *paperSite {
	t.Helper()
	site := &paperSite{t: t, papers: store.NewPaperStore(db), users: store.NewUserStore(db), now: fixedNow}
	db.Now = func() time.Time { return site.now }
	papers := append(fixturePapers(t), trickyPapers()...)
	papers = append(papers,
		&paperwire.Paper{ID: oldPopular, Title: "Old and popular", Abstract: "Many votes, weeks ago.", Authors: []string{"O. Author"},
			Categories: []string{"cs.LG"}, ListedOn: day("2026-06-10"), Upvotes: 300},
		&paperwire.Paper{ID: outOfWindow, Title: "Older than the trending window", Abstract: "Even more votes.",
			Authors: []string{"W. Author"}, Categories: []string{"cs.LG"}, ListedOn: day("2026-05-20"), Upvotes: 1000},
	)
	if _, err := site.papers.UpsertPapers(context.Background(), papers); err != nil {
		t.Fatal(err)
	}
	wire := func(cfg *web.Config) {
		cfg.Users, cfg.Votes, cfg.Submissions, cfg.Audit = site.users, site.papers, site.papers, site.users
		cfg.Comments, cfg.Authors = site.papers, site.papers
		cfg.Clock = func() time.Time { return site.now }
		cfg.CacheTTL = -1 // votes must show at once, also to visitors
	}
	site.h = newServer(t, site.papers, append([]serverOpt{wire}, opts...)...)
	return site
}

// member is a signed-in user of a paperSite: a session cookie (what the
// pages and vote.js send) and an API token (what scripts send), made in
// the store directly so these tests need no sign-in page.
type member struct {
	*paperwire.User
	site    *paperSite
	session string
	token   string
	addr    string
}

func (site *paperSite) member(name string) *member {
	site.t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword("correct horse " + name)
	if err != nil {
		site.t.Fatal(err)
	}
	u := &paperwire.User{Name: name, Email: name + "@example.org", PasswordHash: hash}
	if err := site.users.CreateUser(ctx, u); err != nil {
		site.t.Fatal(err)
	}
	m := &member{User: u, site: site}
	var sessionHash string
	m.session, sessionHash = auth.NewSessionID()
	if err := site.users.CreateSession(ctx, sessionHash, u.ID, site.now.Add(24*time.Hour)); err != nil {
		site.t.Fatal(err)
	}
	token, tokenHash, hint := auth.NewAPIToken()
	if err := site.users.CreateToken(ctx, &paperwire.APIToken{UserID: u.ID, Name: "tests", Hint: hint}, tokenHash); err != nil {
		site.t.Fatal(err)
	}
	site.peers++
	m.token, m.addr = token, fmt.Sprintf("192.0.2.%d:4711", site.peers)
	return m
}

// serve sends one request from addr; header holds "Name", "value" pairs.
func (site *paperSite) serve(req *http.Request, addr string, header ...string) *httptest.ResponseRecorder {
	site.t.Helper()
	req.RemoteAddr = addr
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	site.h.ServeHTTP(w, req)
	return w
}

// visit is a visitor's GET.
func (site *paperSite) visit(target string) *httptest.ResponseRecorder {
	site.t.Helper()
	return site.serve(httptest.NewRequest(http.MethodGet, target, nil), "198.51.100.1:4711")
}

// call is an API request with a JSON body (or none); header holds extra
// "Name", "value" pairs and may replace the Content-Type.
func (site *paperSite) call(method, target, body, addr string, header ...string) *httptest.ResponseRecorder {
	site.t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return site.serve(req, addr, header...)
}

// page is the member's GET of a page, with their session cookie.
func (m *member) page(target string) *httptest.ResponseRecorder {
	m.site.t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.AddCookie(&http.Cookie{Name: "paperwire_session", Value: m.session})
	return m.site.serve(req, m.addr)
}

// post sends a form as the member's browser does: urlencoded, with the
// session cookie and no cross-origin headers (header may add some).
func (m *member) post(target string, form url.Values, header ...string) *httptest.ResponseRecorder {
	m.site.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "paperwire_session", Value: m.session})
	return m.site.serve(req, m.addr, header...)
}

// api is the member's API request with their Bearer token.
func (m *member) api(method, target, body string, header ...string) *httptest.ResponseRecorder {
	m.site.t.Helper()
	return m.site.call(method, target, body, m.addr, append([]string{"Authorization", "Bearer " + m.token}, header...)...)
}

// upvotes is the paper's count as stored.
func (site *paperSite) upvotes(id string) int {
	site.t.Helper()
	p, err := site.papers.Paper(context.Background(), id)
	if err != nil {
		site.t.Fatal(err)
	}
	return p.Upvotes
}

// wantRedirect checks a redirect's status and target.
func wantRedirect(tb testing.TB, w *httptest.ResponseRecorder, status int, location string) {
	tb.Helper()
	wantStatus(tb, w, status)
	if got := w.Header().Get("Location"); got != location {
		tb.Fatalf("Location = %q, want %q", got, location)
	}
}

// decodeJSON decodes w's body into v, failing on fields v does not know.
func decodeJSON(tb testing.TB, w *httptest.ResponseRecorder, v any) {
	tb.Helper()
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		tb.Fatalf("decode %s: %v", w.Body.String(), err)
	}
}

// apiErr is the API's error body.
func apiErr(tb testing.TB, w *httptest.ResponseRecorder) string {
	tb.Helper()
	var e struct {
		Error string `json:"error"`
		URL   string `json:"url"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
		tb.Fatalf("status %d with a body that is no JSON error: %s", w.Code, w.Body.String())
	}
	return e.Error
}

var cardIDRe = regexp.MustCompile(`<article class="card[^"]*" id="p-([^"]+)"`)

// cardIDs lists the papers of a page's cards, in order.
func cardIDs(body string) []string {
	var ids []string
	for _, m := range cardIDRe.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// cardOf returns the HTML of paper id's card on a page, or "".
func cardOf(body, id string) string {
	start := strings.Index(body, `id="p-`+id+`"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(body[start:], "</article>")
	return body[start : start+end]
}

// arxivReplay is an arXiv Atom API that answers an id_list lookup with a
// recorded response: the paper's, when testdata/arxiv has one, else the
// recorded empty feed of an id arXiv does not know. It counts lookups.
func arxivReplay(t *testing.T) (*httptest.Server, *int) {
	t.Helper()
	lookups := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lookups++
		file := "testdata/arxiv/id_" + r.URL.Query().Get("id_list") + "_s0_m100_200.xml"
		body, err := os.ReadFile(file)
		if err != nil {
			body, err = os.ReadFile("testdata/arxiv/id_0000.0000_s0_m100_200.xml")
		}
		if err != nil {
			t.Error(err)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &lookups
}

// withArxiv makes a site fetch unknown papers with the real arXiv client
// (its pace shortened for tests) from srv, storing them as serve does.
func withArxiv(srv *httptest.Server) serverOpt {
	return func(cfg *web.Config) {
		client := arxiv.NewAPIClient(srv.URL, arxiv.Options{Delay: time.Millisecond, MaxRetries: -1})
		client.EmptyPageRetries = 0
		in := &instance.Instance{Papers: cfg.Papers.(*store.PaperStore)}
		cfg.Fetch = in.Fetcher(client)
	}
}

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestBodyLimitsOnEveryWrite: every POST and DELETE route refuses a body
// over its limit with 413 (forms and JSON at 64 KB, anything at 1 MB,
// including routes that read no body), and nothing is stored: the vote,
// the submission, the email address and the account are as they were.
func TestBodyLimitsOnEveryWrite(t *testing.T) {
	db, _ := openStore(t)
	site := newPaperSite(t, db)
	ann := site.member("ann")
	ann.Admin = true
	if err := site.users.UpdateUser(context.Background(), ann.User); err != nil {
		t.Fatal(err)
	}
	form := "x=" + strings.Repeat("a", 64<<10) // just over a form's 64 KB
	json := `{"paper_id": "2607.00004", "pad": "` + strings.Repeat("a", 64<<10) + `"}`
	huge := strings.Repeat("a", 1<<20+1)

	cases := []struct {
		method, target, ctype, body string
	}{
		{"POST", "/signup", "application/x-www-form-urlencoded", form},
		{"POST", "/signin", "application/x-www-form-urlencoded", form},
		{"POST", "/signout", "application/x-www-form-urlencoded", form},
		{"POST", "/settings/email", "application/x-www-form-urlencoded", "email=new%40example.org&" + form},
		{"POST", "/settings/password", "application/x-www-form-urlencoded", form},
		{"POST", "/settings/privacy", "application/x-www-form-urlencoded", form},
		{"POST", "/settings/tokens", "application/x-www-form-urlencoded", form},
		{"POST", "/settings/tokens/1/revoke", "application/x-www-form-urlencoded", form},
		{"POST", "/settings/delete", "application/x-www-form-urlencoded", form},
		{"POST", "/admin/users/1/disable", "application/x-www-form-urlencoded", form},
		{"POST", "/admin/submissions/remove", "application/x-www-form-urlencoded", form},
		{"POST", "/papers/2607.00004/upvote", "application/x-www-form-urlencoded", form},
		{"POST", "/papers/hep-th/9901001/upvote", "application/x-www-form-urlencoded", form},
		{"POST", "/papers/submit", "application/x-www-form-urlencoded", "paper=2607.00004&" + form},
		{"POST", "/api/papers/submit", "application/json", json},
		{"POST", "/api/papers/2607.00004/upvote", "application/json", huge},
		{"DELETE", "/api/papers/2607.00004/upvote", "application/json", huge},
		{"POST", "/api/papers/hep-th/9901001/upvote", "", huge},
		{"POST", "/papers/submit", "application/x-www-form-urlencoded", huge},
		{"POST", "/settings/delete", "application/x-www-form-urlencoded", huge},
	}
	votes := site.upvotes("2607.00004")
	for _, c := range cases {
		for _, how := range []string{"session", "token"} {
			req := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body))
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			if how == "session" {
				req.AddCookie(&http.Cookie{Name: "paperwire_session", Value: ann.session})
			} else {
				req.Header.Set("Authorization", "Bearer "+ann.token)
			}
			w := site.serve(req, ann.addr)
			want := http.StatusRequestEntityTooLarge
			if how == "token" && len(c.body) < 1<<20 && (strings.HasPrefix(c.target, "/settings/") || strings.HasPrefix(c.target, "/admin/")) {
				want = http.StatusForbidden // accounts are managed signed in, never with a token
			}
			if w.Code != want {
				t.Errorf("%s %s (%d bytes, %s): %d, want %d: %s", c.method, c.target, len(c.body), how, w.Code, want, clip(w.Body.String()))
			}
		}
	}
	if got := site.upvotes("2607.00004"); got != votes {
		t.Errorf("upvotes %d, then %d", votes, got)
	}
	if n, err := site.papers.SubmissionsSince(context.Background(), ann.ID, fixedNow.Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("submissions stored: %d, %v", n, err)
	}
	u, err := site.users.User(context.Background(), ann.ID)
	if err != nil {
		t.Fatalf("ann is gone: %v", err)
	}
	if u.Email != "ann@example.org" || u.Disabled {
		t.Errorf("ann changed: %+v", u)
	}
}

package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/auth"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

// fakeMailer records the verification mails it is asked for.
type fakeMailer struct {
	mu   sync.Mutex
	sent []string // "name email"
}

func (m *fakeMailer) VerifyEmail(_ context.Context, u *paperwire.User) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, u.Name+" "+u.Email)
	return nil
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		laptop, phone := c.browser("192.0.2.1"), c.browser("192.0.2.2")
		laptop.signin("ada", goodPassword)
		phone.signin("ada", goodPassword)
		before := laptop.session()

		const next = "a new long passphrase"
		w := laptop.post("/settings/password", fields("current", "wrong password", "new", next, "new2", next))
		wantStatus(t, w, http.StatusForbidden)
		wantContains(t, w.Body.String(), "That is not your current password.")
		w = laptop.post("/settings/password", fields("current", goodPassword, "new", next, "new2", next+"x"))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "The two passwords differ.")
		if !phone.signedIn() {
			t.Fatal("a refused change signed the phone out")
		}

		w = laptop.post("/settings/password", fields("current", goodPassword, "new", next, "new2", next))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=password")
		if phone.signedIn() {
			t.Fatal("the other session survived a password change")
		}
		if !laptop.signedIn() || laptop.session() == before {
			t.Fatal("the browser that changed the password is not on a new session")
		}
		wantContains(t, laptop.get("/settings?done=password").Body.String(), "every other device is signed out")
		wantStatus(t, c.browser("192.0.2.3").post("/signin", fields("name", "ada", "password", goodPassword)), http.StatusUnauthorized)
		c.browser("192.0.2.3").signin("ada", next)
	})
}

func TestChangeEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mail := &fakeMailer{}
		c := newCommunity(t, db, func(cfg *web.Config) { cfg.Mailer = mail })
		ada := c.user("ada", goodPassword, false)
		ada.EmailVerified = true
		if err := c.users.UpdateUser(context.Background(), ada); err != nil {
			t.Fatal(err)
		}
		c.user("bob", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)

		wantStatus(t, b.post("/settings/email", fields("email", "ada@new.example", "password", "wrong password")), http.StatusForbidden)
		w := b.post("/settings/email", fields("email", "bob@example.org", "password", goodPassword))
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "already has an account", `value="bob@example.org"`)
		w = b.post("/settings/email", fields("email", "nope", "password", goodPassword))
		wantStatus(t, w, http.StatusBadRequest)
		if got := c.reload(ada); got.Email != "ada@example.org" || !got.EmailVerified {
			t.Fatalf("a refused change changed the account: %+v", got)
		}

		w = b.post("/settings/email", fields("email", " ada@new.example ", "password", goodPassword))
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=email")
		if got := c.reload(ada); got.Email != "ada@new.example" || got.EmailVerified {
			t.Fatalf("after the change: %+v; want the new address, unverified", got)
		}
		wantContains(t, b.get("/settings?done=email").Body.String(), "ada@new.example", "not verified yet", "Your email address is changed.")
		if len(mail.sent) != 1 || mail.sent[0] != "ada ada@new.example" {
			t.Fatalf("verification mails: %q", mail.sent)
		}

		// Sign-up hands the new address to the mailer too.
		wantStatus(t, c.browser("192.0.2.9").post("/signup", signupForm("cy", "cy@example.org", goodPassword)), http.StatusSeeOther)
		if len(mail.sent) != 2 || mail.sent[1] != "cy cy@example.org" {
			t.Fatalf("verification mails: %q", mail.sent)
		}
	})
}

func TestTokensShownOnceAndRevoked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)

		w := b.post("/settings/tokens", fields("token_name", "laptop"))
		wantStatus(t, w, http.StatusOK)
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q on the page showing a token", cc)
		}
		token := regexp.MustCompile(auth.TokenPrefix + `[a-z2-7]{32}`).FindString(w.Body.String())
		if token == "" {
			t.Fatalf("the new token is not on the page:\n%s", clip(w.Body.String()))
		}
		u, err := c.users.TokenUser(context.Background(), auth.Hash(token))
		if err != nil || u.ID != ada.ID {
			t.Fatalf("the token shown is not ada's: %v %v", u, err)
		}

		list := b.get("/settings").Body.String()
		wantContains(t, list, "laptop", token[:len(auth.TokenPrefix)+4]+"…")
		wantLacks(t, list, token)

		// The token works on the API but does not manage the account.
		script := c.browser("192.0.2.2")
		wantStatus(t, script.do(tokenRequest(http.MethodGet, "/settings", token, nil)), http.StatusForbidden)
		wantStatus(t, script.do(tokenRequest(http.MethodGet, "/settings", "pw_notatoken", nil)), http.StatusUnauthorized)
		wantStatus(t, script.do(tokenRequest(http.MethodPost, "/settings/tokens", token, fields("token_name", "more"))), http.StatusForbidden)

		toks, _ := c.users.Tokens(context.Background(), ada.ID)
		if len(toks) != 1 {
			t.Fatalf("%d tokens, want 1", len(toks))
		}
		wantLocation(t, b.post("/settings/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/revoke", nil), http.StatusSeeOther, "/settings?done=revoked")
		if _, err := c.users.TokenUser(context.Background(), auth.Hash(token)); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("the revoked token still works: %v", err)
		}
		wantStatus(t, b.post("/settings/tokens/"+strconv.FormatInt(toks[0].ID, 10)+"/revoke", nil), http.StatusNotFound)
		wantStatus(t, b.post("/settings/tokens/x/revoke", nil), http.StatusNotFound)
		wantStatus(t, b.post("/settings/tokens", fields("token_name", " ")), http.StatusBadRequest)
	})
}

func TestUsersCannotTouchEachOther(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("ada", goodPassword, false)
		bob := c.user("bob", goodPassword, false)
		tok := &paperwire.APIToken{UserID: ada.ID, Name: "ada's", Hint: "pw_abcd"}
		if err := c.users.CreateToken(context.Background(), tok, auth.Hash("ada-secret")); err != nil {
			t.Fatal(err)
		}
		b := c.browser("192.0.2.1")
		b.signin("bob", goodPassword)

		// Bob aims at ada's token by id, and at her account by every name a form might use.
		wantStatus(t, b.post("/settings/tokens/"+strconv.FormatInt(tok.ID, 10)+"/revoke", nil), http.StatusNotFound)
		them := []string{"id", strconv.FormatInt(ada.ID, 10), "user_id", strconv.FormatInt(ada.ID, 10), "name", "ada", "user", "ada"}
		wantStatus(t, b.post("/settings/privacy", fields(append([]string{"show_upvotes", "1"}, them...)...)), http.StatusSeeOther)
		wantStatus(t, b.post("/settings/email", fields(append([]string{"email", "bob@new.example", "password", goodPassword}, them...)...)), http.StatusSeeOther)
		wantStatus(t, b.post("/settings/password?user=ada", fields(append([]string{"current", goodPassword, "new", "bobs new password", "new2", "bobs new password"}, them...)...)), http.StatusSeeOther)

		if _, err := c.users.TokenUser(context.Background(), auth.Hash("ada-secret")); err != nil {
			t.Fatalf("bob revoked ada's token: %v", err)
		}
		got := c.reload(ada)
		if got.ShowUpvotes || got.Email != "ada@example.org" || got.PasswordHash != ada.PasswordHash {
			t.Fatalf("bob changed ada's account: %+v", got)
		}
		if g := c.reload(bob); !g.ShowUpvotes || g.Email != "bob@new.example" {
			t.Fatalf("bob's own changes missing: %+v", g)
		}
		wantStatus(t, b.post("/settings/delete", fields(append([]string{"password", "bobs new password"}, them...)...)), http.StatusOK)
		if _, err := c.users.User(context.Background(), ada.ID); err != nil {
			t.Fatalf("bob deleted ada: %v", err)
		}
		if _, err := c.users.User(context.Background(), bob.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("bob is not deleted: %v", err)
		}
	})
}

func TestDeleteAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("ada", goodPassword, false)
		ctx := context.Background()
		if _, err := c.papers.Upvote(ctx, ada.ID, "2607.00004"); err != nil {
			t.Fatal(err)
		}
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)
		w := b.post("/settings/delete", fields("password", "not it"))
		wantStatus(t, w, http.StatusForbidden)
		wantContains(t, w.Body.String(), "That is not your current password.")
		if _, err := c.users.User(ctx, ada.ID); err != nil {
			t.Fatalf("deleted with a wrong password: %v", err)
		}

		w = b.post("/settings/delete", fields("password", goodPassword))
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "Your account is deleted", `href="/signin"`)
		wantLacks(t, w.Body.String(), `action="/signout"`)
		if _, err := c.users.User(ctx, ada.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("the user is still there: %v", err)
		}
		if p, _ := c.papers.Paper(ctx, "2607.00004"); p.Upvotes != 100 {
			t.Fatalf("upvotes %d after deleting the voter, want the imported 100", p.Upvotes)
		}
		if b.session() != "" || b.signedIn() {
			t.Fatal("still signed in after deleting the account")
		}
		wantStatus(t, b.get("/u/ada"), http.StatusNotFound)
		wantStatus(t, b.post("/signin", fields("name", "ada", "password", goodPassword)), http.StatusUnauthorized)
	})
}

func TestDeleteAccountKeepsAnAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		root := c.user("root", goodPassword, true)
		b := c.browser("192.0.2.1")
		b.signin("root", goodPassword)
		w := b.post("/settings/delete", fields("password", goodPassword))
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "only administrator account")
		if _, err := c.users.User(context.Background(), root.ID); err != nil {
			t.Fatalf("the only admin was deleted: %v", err)
		}
		c.user("deputy", goodPassword, true)
		wantStatus(t, b.post("/settings/delete", fields("password", goodPassword)), http.StatusOK)
		if _, err := c.users.User(context.Background(), root.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("root is still there with another admin: %v", err)
		}
	})
}

func TestUserTextEscaped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)
		const evil = `<script>alert(1)</script>`
		wantStatus(t, b.post("/settings/tokens", fields("token_name", evil)), http.StatusOK)
		for _, body := range []string{b.get("/settings").Body.String(), b.post("/settings/email", fields("email", evil+"@example.org", "password", goodPassword)).Body.String()} {
			wantContains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
			wantLacks(t, body, evil)
		}
		// Sign-up refuses the address, and shows it back escaped.
		w := c.browser("192.0.2.2").post("/signup", signupForm("eve", evil+"@example.org", goodPassword))
		wantStatus(t, w, http.StatusBadRequest)
		wantContains(t, w.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;@example.org")
		wantLacks(t, w.Body.String(), evil)
		// A name typed at sign-in comes back escaped too.
		w = c.browser("192.0.2.3").post("/signin", fields("name", `"><script>x</script>`, "password", "whatever1"))
		wantStatus(t, w, http.StatusUnauthorized)
		wantLacks(t, w.Body.String(), "<script>x")
		if strings.Count(w.Body.String(), "<script") != strings.Count(c.browser("192.0.2.4").get("/signin").Body.String(), "<script") {
			t.Error("the sign-in page gained a script")
		}
	})
}

package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

const goodPassword = "correct horse battery"

func signupForm(name, email, password string) url.Values {
	return fields("name", name, "email", email, "password", password, "password2", password)
}

func TestSignUpSignsIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		b := c.browser("192.0.2.1")
		w := b.get("/signup")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), `action="/signup"`, `name="password2"`, `autocomplete="new-password"`)

		f := signupForm("ada", "ada@example.org", goodPassword)
		f.Set("next", "/papers/2607.00004")
		w = b.post("/signup", f)
		wantLocation(t, w, http.StatusSeeOther, "/papers/2607.00004")
		ck := cookieNamed(w, "paperwire_session")
		if ck == nil {
			t.Fatalf("no session cookie; Set-Cookie: %q", w.Header().Values("Set-Cookie"))
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure || ck.MaxAge <= 0 || len(ck.Value) < 26 {
			t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http, lasting", ck)
		}

		body := b.get("/").Body.String()
		wantContains(t, body, `href="/u/ada"`, `href="/settings"`, `action="/signout"`)
		wantLacks(t, body, `href="/signin"`, `href="/admin"`)

		u, err := c.users.UserByName(context.Background(), "ada")
		if err != nil {
			t.Fatal(err)
		}
		if u.Admin || u.Disabled || u.ShowUpvotes || u.EmailVerified || !strings.HasPrefix(u.PasswordHash, "$argon2id$") ||
			strings.Contains(u.PasswordHash, goodPassword) {
			t.Errorf("new user %+v", u)
		}

		// The name is taken, in any case; the form keeps what was typed but the password.
		w = c.browser("192.0.2.2").post("/signup", signupForm("ADA", "other@example.org", goodPassword))
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "The name ADA is taken.", `value="other@example.org"`)
		wantLacks(t, w.Body.String(), goodPassword)
	})
}

func TestSignUpRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		b := c.browser("192.0.2.1")
		tests := []struct {
			form map[string][]string
			want string
		}{
			{signupForm("a", "a@example.org", goodPassword), "2 to 32 characters"},
			{signupForm("ada lovelace", "a@example.org", goodPassword), "letters, digits"},
			{signupForm("ada", "not-an-email", goodPassword), "does not look like an email"},
			{signupForm("ada", "a@example.org", "short"), "at least 8 characters"},
			{signupForm("adalovelace", "a@example.org", "AdaLovelace"), "other than your user name"},
			{fields("name", "ada", "email", "a@example.org", "password", goodPassword, "password2", goodPassword+"!"), "The two passwords differ."},
		}
		for _, tt := range tests {
			w := b.post("/signup", tt.form)
			wantStatus(t, w, http.StatusBadRequest)
			wantContains(t, w.Body.String(), tt.want)
		}
		if _, total, _ := c.users.Users(context.Background(), 0, 10); total != 0 {
			t.Fatalf("%d accounts created from bad forms", total)
		}
	})
}

func TestSecureSessionCookieOverHTTPS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db, func(cfg *web.Config) { cfg.BaseURL = "https://papers.example.org" })
		c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		w := b.post("/signin", fields("name", "ada", "password", goodPassword))
		wantStatus(t, w, http.StatusSeeOther)
		ck := cookieNamed(w, "__Host-paperwire_session")
		if ck == nil {
			t.Fatalf("no __Host- session cookie; Set-Cookie: %q", w.Header().Values("Set-Cookie"))
		}
		if !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" {
			t.Errorf("cookie %+v: want Secure, HttpOnly, SameSite=Lax, Path=/, host-only", ck)
		}
		if !b.signedIn() {
			t.Fatal("the __Host- cookie does not sign in")
		}
	})
}

func TestSignInRotatesSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)
		before := b.session()
		b.signin("ada", goodPassword) // with the old cookie: it must be replaced
		after := b.session()
		if after == before {
			t.Fatal("the session id did not change at sign-in")
		}
		if !b.signedIn() {
			t.Fatal("the new session does not work")
		}
		old := c.browser("192.0.2.2")
		old.jar["paperwire_session"] = &http.Cookie{Name: "paperwire_session", Value: before}
		if old.signedIn() {
			t.Fatal("the session from before sign-in still works")
		}

		// An id planted by someone else is never promoted to a session.
		planted := c.browser("192.0.2.3")
		planted.jar["paperwire_session"] = &http.Cookie{Name: "paperwire_session", Value: "attackerchosenvalue0000000000"}
		planted.signin("ada", goodPassword)
		if planted.session() == "attackerchosenvalue0000000000" {
			t.Fatal("a planted session id was kept")
		}
	})
}

func TestSignInFailuresLookAlike(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("known-user", goodPassword, false)
		b := c.browser("192.0.2.1")
		wrong := b.post("/signin", fields("name", "known-user", "password", "not the password"))
		unknown := b.post("/signin", fields("name", "other-user", "password", "not the password"))
		if wrong.Code != http.StatusUnauthorized || unknown.Code != wrong.Code {
			t.Fatalf("wrong password %d, unknown user %d: want both 401", wrong.Code, unknown.Code)
		}
		wantContains(t, wrong.Body.String(), "Wrong user name or password.")
		// The pages differ only in the name typed, which the form keeps.
		a := strings.ReplaceAll(wrong.Body.String(), "known-user", "NAME")
		z := strings.ReplaceAll(unknown.Body.String(), "other-user", "NAME")
		if a != z {
			t.Errorf("a wrong password and an unknown user answer differently:\n%s\n---\n%s", clip(a), clip(z))
		}
		if wrong.Header().Get("WWW-Authenticate") != unknown.Header().Get("WWW-Authenticate") {
			t.Error("headers differ")
		}
		wantLacks(t, wrong.Body.String(), "not the password")
		if b.session() != "" {
			t.Fatal("a failed sign-in set a session")
		}

		w := b.post("/signin", fields("name", "", "password", ""))
		wantStatus(t, w, http.StatusBadRequest)
	})
}

func TestDisabledUserCannotSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		u := c.user("ada", goodPassword, false)
		u.Disabled = true
		if err := c.users.UpdateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		b := c.browser("192.0.2.1")
		w := b.post("/signin", fields("name", "ada", "password", goodPassword))
		wantStatus(t, w, http.StatusForbidden)
		wantContains(t, w.Body.String(), "This account is disabled.")
		if b.session() != "" {
			t.Fatal("a disabled user got a session")
		}
		// Without the password, a disabled account looks like any other.
		w = b.post("/signin", fields("name", "ada", "password", "guessing"))
		wantStatus(t, w, http.StatusUnauthorized)
		wantLacks(t, w.Body.String(), "disabled")
	})
}

func TestSignInRateLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		c.user("bob", goodPassword, false)

		// One address guessing at many names: 20 tries, then 429.
		b := c.browser("192.0.2.1")
		for i := range 20 {
			w := b.post("/signin", fields("name", "user"+strconv.Itoa(i), "password", "guess"))
			wantStatus(t, w, http.StatusUnauthorized)
		}
		w := b.post("/signin", fields("name", "ada", "password", goodPassword))
		wantRetryAfter(t, w)
		if b.session() != "" {
			t.Fatal("signed in past the limit")
		}

		// Many addresses guessing at one name: 10 tries, then 429 from anywhere.
		for i := range 10 {
			w := c.browser("198.51.100."+strconv.Itoa(i)).post("/signin", fields("name", "bob", "password", "guess"))
			wantStatus(t, w, http.StatusUnauthorized)
		}
		wantRetryAfter(t, c.browser("203.0.113.9").post("/signin", fields("name", "BOB", "password", goodPassword)))
		// Another account from a fresh address is not held up.
		c.browser("203.0.113.9").signin("ada", goodPassword)

		// Sign-ups: five accounts an hour from one address.
		s := c.browser("192.0.2.50")
		for i := range 5 {
			n := "new" + strconv.Itoa(i)
			wantStatus(t, s.post("/signup", signupForm(n, n+"@example.org", goodPassword)), http.StatusSeeOther)
		}
		wantRetryAfter(t, s.post("/signup", signupForm("new5", "new5@example.org", goodPassword)))
		if _, err := c.users.UserByName(context.Background(), "new5"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("the refused sign-up made an account: %v", err)
		}
	})
}

func wantRetryAfter(tb testing.TB, w interface {
	Result() *http.Response
}) {
	tb.Helper()
	res := w.Result()
	if res.StatusCode != http.StatusTooManyRequests {
		tb.Fatalf("status %d, want 429", res.StatusCode)
	}
	if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
		tb.Fatalf("Retry-After %q, want seconds", res.Header.Get("Retry-After"))
	}
}

func TestSignOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)
		id := b.session()
		w := b.post("/signout", nil)
		wantLocation(t, w, http.StatusSeeOther, "/")
		if ck := cookieNamed(w, "paperwire_session"); ck == nil || ck.MaxAge >= 0 {
			t.Fatalf("sign-out did not clear the cookie: %+v", ck)
		}
		again := c.browser("192.0.2.2")
		again.jar["paperwire_session"] = &http.Cookie{Name: "paperwire_session", Value: id}
		if again.signedIn() {
			t.Fatal("the session works after sign-out")
		}
	})
}

func TestCrossOriginPostsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		b.signin("ada", goodPassword)
		cross := [][]string{
			{"Sec-Fetch-Site", "cross-site"},
			{"Origin", "https://evil.example"},
		}
		for _, h := range cross {
			for _, tt := range []struct {
				path string
				form url.Values
			}{
				{"/settings/email", fields("email", "evil@example.org", "password", goodPassword)},
				{"/settings/privacy", fields("show_upvotes", "1")},
				{"/settings/tokens", fields("token_name", "evil")},
				{"/settings/delete", fields("password", goodPassword)},
				{"/signout", nil},
			} {
				w := b.post(tt.path, tt.form, h...)
				if w.Code != http.StatusForbidden {
					t.Errorf("%s with %s: status %d, want 403", tt.path, h[0], w.Code)
				}
			}
		}
		got := c.reload(ada)
		if got.Email != ada.Email || got.ShowUpvotes {
			t.Errorf("a cross-origin post changed the account: %+v", got)
		}
		if toks, _ := c.users.Tokens(context.Background(), ada.ID); len(toks) != 0 {
			t.Errorf("a cross-origin post made a token")
		}
		if !b.signedIn() {
			t.Fatal("a cross-origin post signed the user out")
		}
		// The same post from the site itself goes through.
		w := b.post("/settings/privacy", fields("show_upvotes", "1"), "Sec-Fetch-Site", "same-origin")
		wantLocation(t, w, http.StatusSeeOther, "/settings?done=privacy")
		if !c.reload(ada).ShowUpvotes {
			t.Fatal("a same-origin post did not change the setting")
		}
	})
}

func TestNextStaysOnSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		for next, want := range map[string]string{
			"//evil.example":                "/",
			"https://evil.example/":         "/",
			`/\evil.example`:                "/",
			"javascript:alert(1)":           "/",
			"":                              "/",
			"/papers/2607.00004?sort=x#p-1": "/papers/2607.00004?sort=x#p-1",
		} {
			b := c.browser("192.0.2.1")
			w := b.post("/signin", fields("name", "ada", "password", goodPassword, "next", next))
			wantLocation(t, w, http.StatusSeeOther, want)
		}
		body := c.browser("192.0.2.2").get("/signin?next=//evil.example").Body.String()
		wantContains(t, body, `name="next" value="/"`)
		wantLacks(t, body, "evil.example")

		// A page that needs a user sends a visitor to sign in and back.
		wantLocation(t, c.browser("192.0.2.3").get("/settings"), http.StatusSeeOther, "/signin?next=%2Fsettings")
		body = c.browser("192.0.2.3").get("/signin?next=%2Fsettings").Body.String()
		wantContains(t, body, `name="next" value="/settings"`)
	})
}

func TestFormBodiesLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("ada", goodPassword, false)
		b := c.browser("192.0.2.1")
		huge := fields("name", "ada", "password", strings.Repeat("x", 70<<10))
		wantStatus(t, b.post("/signin", huge), http.StatusRequestEntityTooLarge)
		for _, ct := range []string{"application/json", "multipart/form-data; boundary=x", "text/plain", ""} {
			req := fields("name", "ada", "password", goodPassword)
			w := b.post("/signin", req, "Content-Type", ct)
			if w.Code != http.StatusUnsupportedMediaType {
				t.Errorf("Content-Type %q: status %d, want 415", ct, w.Code)
			}
		}
		if b.session() != "" {
			t.Fatal("a refused form signed in")
		}
		b.signin("ada", goodPassword)
		wantStatus(t, b.post("/settings/tokens", fields("token_name", strings.Repeat("t", 70<<10))), http.StatusRequestEntityTooLarge)
		wantStatus(t, b.post("/settings/tokens", fields("token_name", "x"), "Content-Type", "application/json"), http.StatusUnsupportedMediaType)
		if toks, _ := c.users.Tokens(context.Background(), ada.ID); len(toks) != 0 {
			t.Fatal("a refused form made a token")
		}
	})
}

func TestHeaderAccountLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("ada", goodPassword, false)
		c.user("root", goodPassword, true)
		body := c.browser("192.0.2.1").get("/").Body.String()
		wantContains(t, body, `href="/signin"`, `href="/signup"`)
		wantLacks(t, body, `action="/signout"`, `href="/settings"`)

		// The visitor's "/" is in the page cache now; a signed-in viewer
		// never gets it, nor leaves theirs there.
		b := c.browser("192.0.2.2")
		b.signin("root", goodPassword)
		for _, path := range []string{"/", "/papers/2607.00004"} {
			wantContains(t, b.get(path).Body.String(), `href="/u/root"`, `href="/settings"`, `href="/admin"`, `action="/signout"`)
		}
		wantLacks(t, c.browser("192.0.2.1").get("/").Body.String(), `href="/u/root"`, `action="/signout"`)
	})
	t.Run("closed", func(t *testing.T) {
		c := newCommunity(t, storetest.Open(t, "sqlite"), func(cfg *web.Config) { cfg.Signup = "closed" })
		b := c.browser("192.0.2.1")
		body := b.get("/").Body.String()
		wantContains(t, body, `href="/signin"`)
		wantLacks(t, body, `href="/signup"`)
		w := b.get("/signup")
		wantStatus(t, w, http.StatusForbidden)
		wantContains(t, w.Body.String(), "does not take new accounts")
		wantStatus(t, b.post("/signup", signupForm("ada", "ada@example.org", goodPassword)), http.StatusForbidden)
		if _, total, _ := c.users.Users(context.Background(), 0, 1); total != 0 {
			t.Fatal("a closed sign-up made an account")
		}
	})
	t.Run("no accounts", func(t *testing.T) {
		h := newServer(t, newStore(t))
		wantLacks(t, get(t, h, "/").Body.String(), `href="/signin"`, `href="/signup"`)
		wantStatus(t, get(t, h, "/signin"), http.StatusNotFound)
	})
}

func TestPasswordsNeverLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var logs bytes.Buffer
		c := newCommunity(t, db, func(cfg *web.Config) {
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		})
		first, wrong, second := "first-Secret-8z", "wrong-Secret-3q", "second-Secret-5k"
		b := c.browser("192.0.2.1")
		wantStatus(t, b.post("/signup", signupForm("ada", "ada@example.org", first)), http.StatusSeeOther)
		wantStatus(t, b.post("/signin", fields("name", "ada", "password", wrong)), http.StatusUnauthorized)
		wantStatus(t, b.post("/signup", signupForm("ada", "ada@example.org", wrong)), http.StatusConflict)
		b.signin("ada", first)
		wantStatus(t, b.post("/settings/password", fields("current", wrong, "new", second, "new2", second)), http.StatusForbidden)
		wantStatus(t, b.post("/settings/password", fields("current", first, "new", second, "new2", second)), http.StatusSeeOther)
		wantStatus(t, b.post("/settings/delete", fields("password", second)), http.StatusOK)

		out := logs.String()
		if !strings.Contains(out, "path=/signin") || !strings.Contains(out, "path=/settings/password") {
			t.Fatalf("the requests were not logged:\n%s", out)
		}
		for _, pw := range []string{first, wrong, second} {
			if strings.Contains(out, pw) {
				t.Errorf("the log holds a password %q:\n%s", pw, out)
			}
		}
	})
}

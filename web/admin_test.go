package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func userAction(u *paperwire.User, action string) string {
	return "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/" + action
}

func TestAdminOnlyForAdmins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		bob := c.user("bob", goodPassword, false)
		c.user("root", goodPassword, true)
		wantLocation(t, c.browser("192.0.2.1").get("/admin"), http.StatusSeeOther, "/signin?next=%2Fadmin")

		b := c.browser("192.0.2.2")
		b.signin("bob", goodPassword)
		wantStatus(t, b.get("/admin"), http.StatusForbidden)
		wantStatus(t, b.post(userAction(bob, "make-admin"), nil), http.StatusForbidden)
		wantStatus(t, b.post("/admin/submissions/remove", fields("paper", "2607.00004")), http.StatusForbidden)
		if c.reload(bob).Admin {
			t.Fatal("a user made themselves admin")
		}
		log, _ := c.users.AuditLog(context.Background(), 10)
		if len(log) != 0 {
			t.Fatalf("refused actions were audited: %+v", log)
		}
	})
}

func TestAdminDisableEndsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		root := c.user("root", goodPassword, true)
		bob := c.user("bob", goodPassword, false)
		admin, user := c.browser("192.0.2.1"), c.browser("192.0.2.2")
		admin.signin("root", goodPassword)
		user.signin("bob", goodPassword)

		w := admin.get("/admin")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "bob@example.org", `action="`+userAction(bob, "disable")+`"`, "2 accounts")
		wantLacks(t, w.Body.String(), `action="`+userAction(root, "disable")+`"`) // no button to lock yourself out

		wantLocation(t, admin.post(userAction(bob, "disable"), fields("p", "1")), http.StatusSeeOther, "/admin")
		if !c.reload(bob).Disabled {
			t.Fatal("bob is not disabled")
		}
		if user.signedIn() {
			t.Fatal("a disabled user's session still works")
		}
		wantStatus(t, c.browser("192.0.2.3").post("/signin", fields("name", "bob", "password", goodPassword)), http.StatusForbidden)
		wantContains(t, admin.get("/u/bob").Body.String(), "Disabled")
		wantStatus(t, c.browser("192.0.2.4").get("/u/bob"), http.StatusNotFound)

		wantStatus(t, admin.post(userAction(bob, "enable"), nil), http.StatusSeeOther)
		c.browser("192.0.2.3").signin("bob", goodPassword)
		wantStatus(t, admin.post(userAction(bob, "make-admin"), nil), http.StatusSeeOther)
		if !c.reload(bob).Admin {
			t.Fatal("bob is not an admin")
		}
		wantStatus(t, admin.post(userAction(bob, "remove-admin"), nil), http.StatusSeeOther)
		if c.reload(bob).Admin {
			t.Fatal("bob is still an admin")
		}

		log, err := c.users.AuditLog(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"remove-admin", "make-admin", "enable-user", "disable-user"} // newest first
		if len(log) != len(want) {
			t.Fatalf("audit log %+v, want %v", log, want)
		}
		for i, e := range log {
			if e.Action != want[i] || e.Actor != "root" || e.ActorID != root.ID || e.Target != "bob" {
				t.Errorf("audit entry %d: %+v, want %s by root on bob", i, e, want[i])
			}
		}
		wantContains(t, admin.get("/admin").Body.String(), "disable-user", "remove-admin")
		wantStatus(t, admin.post("/admin/users/9999/disable", nil), http.StatusNotFound)
		wantStatus(t, admin.post(userAction(bob, "delete-everything"), nil), http.StatusNotFound)
	})
}

func TestAdminCannotLockThemselvesOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		root := c.user("root", goodPassword, true)
		admin := c.browser("192.0.2.1")
		admin.signin("root", goodPassword)
		w := admin.post(userAction(root, "disable"), nil)
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "You cannot disable your own account")
		w = admin.post(userAction(root, "remove-admin"), nil)
		wantStatus(t, w, http.StatusConflict)
		wantContains(t, w.Body.String(), "You cannot take away your own admin rights")
		if got := c.reload(root); got.Disabled || !got.Admin {
			t.Fatalf("the admin locked themselves out: %+v", got)
		}
		if !admin.signedIn() {
			t.Fatal("the admin was signed out")
		}
	})
}

func TestAdminRemovesSubmission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("root", goodPassword, true)
		bob := c.user("bob", goodPassword, false)
		ctx := context.Background()
		if err := c.papers.Submit(ctx, paperwire.Submission{PaperID: "2607.00004", UserID: bob.ID, UserName: "bob", At: fixedNow}); err != nil {
			t.Fatal(err)
		}
		admin := c.browser("192.0.2.1")
		admin.signin("root", goodPassword)

		w := admin.post("/admin/submissions/remove", fields("paper", "2607.00003"))
		wantStatus(t, w, http.StatusNotFound)
		wantContains(t, w.Body.String(), "is on no day&#39;s list", `value="2607.00003"`)
		wantStatus(t, admin.post("/admin/submissions/remove", fields("paper", "not an id")), http.StatusBadRequest)

		w = admin.post("/admin/submissions/remove", fields("paper", "https://arxiv.org/abs/2607.00004v2"))
		wantLocation(t, w, http.StatusSeeOther, "/admin?done=removed")
		p, err := c.papers.Paper(ctx, "2607.00004")
		if err != nil || !p.SubmittedOn.IsZero() || p.SubmittedBy != "" {
			t.Fatalf("still submitted: %+v %v", p, err)
		}
		if picks, _, _ := c.papers.Papers(ctx, paperwire.PaperFilter{Submitter: "bob"}); len(picks) != 0 {
			t.Fatalf("bob still has submissions: %d", len(picks))
		}
		log, _ := c.users.AuditLog(ctx, 1)
		if len(log) != 1 || log[0].Action != "remove-submission" || log[0].Target != "2607.00004" || log[0].Detail != "listed on 2026-07-02, submitted by bob" {
			t.Fatalf("audit log %+v", log)
		}
		wantContains(t, admin.get("/admin?done=removed").Body.String(), "The submission is off its day&#39;s list.", "submitted by bob")
	})
}

func TestAdminUsersPaged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		c.user("root", goodPassword, true)
		for i := range 51 { // 52 accounts: a page of 50 and one of 2
			u := &paperwire.User{Name: "user" + strconv.Itoa(i), Email: "u" + strconv.Itoa(i) + "@example.org", PasswordHash: "$argon2id$unused"}
			if err := c.users.CreateUser(context.Background(), u); err != nil {
				t.Fatal(err)
			}
		}
		admin := c.browser("192.0.2.1")
		admin.signin("root", goodPassword)
		w := admin.get("/admin")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "52 accounts", "Page 1 of 2", `href="/admin?p=2"`, `href="/u/user48"`)
		wantLacks(t, w.Body.String(), `href="/u/user49"`)
		w = admin.get("/admin?p=2")
		wantContains(t, w.Body.String(), "Page 2 of 2", `href="/u/user49"`, `href="/u/user50"`, `name="p" value="2"`)
		wantStatus(t, admin.get("/admin?p=3"), http.StatusNotFound)
		wantStatus(t, admin.get("/admin?p=zero"), http.StatusBadRequest)
		u50, err := c.users.UserByName(context.Background(), "user50")
		if err != nil {
			t.Fatal(err)
		}
		wantLocation(t, admin.post(userAction(u50, "disable"), fields("p", "2")), http.StatusSeeOther, "/admin?p=2")
	})
}

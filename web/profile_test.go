package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
	"github.com/paperwire/paperwire/web"
)

func TestProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCommunity(t, db)
		ada := c.user("Ada", goodPassword, false)
		c.user("bob", goodPassword, false)
		ctx := context.Background()
		if err := c.papers.Submit(ctx, paperwire.Submission{PaperID: "2607.00004", UserID: ada.ID, UserName: "Ada", At: fixedNow}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.papers.Upvote(ctx, ada.ID, "hep-th/9901001"); err != nil {
			t.Fatal(err)
		}
		visitor := c.browser("192.0.2.1")

		w := visitor.get("/u/Ada")
		wantStatus(t, w, http.StatusOK)
		body := w.Body.String()
		wantContains(t, body, "<h1>Ada", "Trending paper", "1 submission")
		wantLacks(t, body, "Old-style strings", "ada@example.org", `href="/u/Ada/upvotes"`)
		if n := cards(body); n != 1 {
			t.Errorf("%d cards, want 1", n)
		}
		wantLocation(t, visitor.get("/u/ADA"), http.StatusMovedPermanently, "/u/Ada")
		wantStatus(t, visitor.get("/u/nobody"), http.StatusNotFound)
		wantStatus(t, visitor.get("/u/Ada?p=x"), http.StatusBadRequest)
		wantStatus(t, visitor.get("/u/Ada?p=3"), http.StatusNotFound)

		// Upvotes are private by default: the owner sees them, nobody else.
		w = visitor.get("/u/Ada/upvotes")
		wantStatus(t, w, http.StatusNotFound)
		wantContains(t, w.Body.String(), "keeps their upvotes private")
		wantLacks(t, w.Body.String(), "Old-style strings")
		owner := c.browser("192.0.2.2")
		owner.signin("Ada", goodPassword)
		w = owner.get("/u/Ada/upvotes")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "Old-style strings", "Only you see this list")
		wantStatus(t, owner.post("/settings/privacy", fields("show_upvotes", "on")), http.StatusSeeOther)
		w = visitor.get("/u/Ada/upvotes")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "Old-style strings", "1 upvoted paper")
		wantLacks(t, w.Body.String(), "Only you see this list")
		wantContains(t, visitor.get("/u/Ada").Body.String(), `href="/u/Ada/upvotes"`)

		w = visitor.get("/u/bob")
		wantStatus(t, w, http.StatusOK)
		wantContains(t, w.Body.String(), "bob has not submitted any papers yet.")
	})
}

func TestProfileWithoutVotes(t *testing.T) {
	c := newCommunity(t, storetest.Open(t, "sqlite"), func(cfg *web.Config) { cfg.Votes = nil })
	ada := c.user("ada", goodPassword, false)
	ada.ShowUpvotes = true
	if err := c.users.UpdateUser(context.Background(), ada); err != nil {
		t.Fatal(err)
	}
	b := c.browser("192.0.2.1")
	wantStatus(t, b.get("/u/ada"), http.StatusOK)
	wantStatus(t, b.get("/u/ada/upvotes"), http.StatusNotFound)
	b.signin("ada", goodPassword)
	wantLacks(t, b.get("/u/ada").Body.String(), `href="/u/ada/upvotes"`)
}

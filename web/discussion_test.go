package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

const discussed = "2607.00004"

func TestCommentsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, eve, root := site.member("ada"), site.member("eve"), site.admin("root")

		// Without a token: 401; an unknown paper: 404; bad bodies: 4xx, nothing stored.
		w := site.call("POST", "/api/papers/"+discussed+"/comments", `{"text":"hi"}`, "198.51.100.2:1")
		wantStatus(t, w, http.StatusUnauthorized)
		wantStatus(t, ada.api("POST", "/api/papers/2607.99999/comments", `{"text":"hi"}`), http.StatusNotFound)
		for body, status := range map[string]int{
			`{}`:                             http.StatusBadRequest,
			`{"text":""}`:                    http.StatusBadRequest,
			`{"text":"x","parentId":"a"}`:    http.StatusBadRequest,
			`{"text":"x","parentId":999999}`: http.StatusNotFound,
			`{"text":"` + strings.Repeat("a", paperwire.MaxCommentRunes+1) + `"}`: http.StatusBadRequest,
			`{"text":"` + strings.Repeat("a", 70<<10) + `"}`:                      http.StatusRequestEntityTooLarge,
		} {
			if w := ada.api("POST", "/api/papers/"+discussed+"/comments", body); w.Code != status {
				t.Errorf("body %.40s…: %d, want %d", body, w.Code, status)
			}
		}
		if cs, n := site.comments(discussed, ""); len(cs) != 0 || n != 0 {
			t.Fatalf("refused comments were stored: %+v", cs)
		}

		first := ada.comment(discussed, "First, with $O(n^2)$ and @eve", 0)
		if first.Author == nil || first.Author.Name != "ada" || first.ParentID != nil || first.Edited ||
			first.Text != "First, with $O(n^2)$ and @eve" || first.CreatedAt == "" ||
			!strings.Contains(first.HTML, `<span class="math">$O(n^2)$</span>`) || !strings.Contains(first.HTML, `<a href="/u/eve" class="mention">@eve</a>`) {
			t.Fatalf("created %+v", first)
		}
		reply := eve.comment(discussed, "A reply", first.ID)
		if reply.ParentID == nil || *reply.ParentID != first.ID {
			t.Fatalf("reply parent = %v", reply.ParentID)
		}
		site.now = site.now.Add(1e9)
		second := eve.comment(discussed, "Second", 0)

		cs, n := site.comments(discussed, "")
		if n != 3 || len(cs) != 3 || cs[0].ID != second.ID || cs[1].ID != first.ID || cs[2].ID != reply.ID {
			t.Fatalf("newest first: %d, %+v", n, cs)
		}
		if cs, _ := site.comments(discussed, "?sort=oldest"); cs[0].ID != first.ID || cs[1].ID != reply.ID || cs[2].ID != second.ID {
			t.Fatalf("oldest first: %+v", cs)
		}
		wantStatus(t, site.call("GET", "/api/papers/"+discussed+"/comments?sort=best", "", "198.51.100.9:1"), http.StatusBadRequest)

		// numComments is the real count, in every API answer and on cards.
		var p hfPaper
		decodeJSON(t, site.visit("/api/papers/"+discussed), &p)
		if p.NumComments != 3 {
			t.Errorf("/api/papers numComments = %d", p.NumComments)
		}
		items := decodeList(t, site.h, "/api/daily_papers?date=2026-07-01")
		for _, it := range items {
			if it.Paper.ID == discussed && (it.NumComments != 3 || it.Paper.NumComments != 3) {
				t.Errorf("daily numComments = %d / %d", it.NumComments, it.Paper.NumComments)
			}
		}
		if card := cardOf(site.visit("/papers/date/2026-07-01").Body.String(), discussed); !strings.Contains(card, "3 comments") {
			t.Errorf("card lacks its comment count: %s", card)
		}

		// Edit: the author only, marked edited.
		wantStatus(t, eve.api("PATCH", "/api/comments/"+cid(first.ID), `{"text":"Eve was here"}`), http.StatusForbidden)
		wantStatus(t, root.api("PATCH", "/api/comments/"+cid(first.ID), `{"text":"Admin was here"}`), http.StatusForbidden)
		w = ada.api("PATCH", "/api/comments/"+cid(first.ID), `{"text":"First, *edited*"}`)
		wantStatus(t, w, http.StatusOK)
		var edited apiCommentJSON
		decodeJSON(t, w, &edited)
		if !edited.Edited || edited.HTML != "<p>First, <em>edited</em></p>\n" {
			t.Fatalf("edited = %+v", edited)
		}

		// Delete: 401 without a token, 403 for others, 204 for the author or an admin, 404 after.
		wantStatus(t, site.call("DELETE", "/api/comments/"+cid(second.ID), "", "198.51.100.2:1"), http.StatusUnauthorized)
		wantStatus(t, ada.api("DELETE", "/api/comments/"+cid(second.ID), ""), http.StatusForbidden)
		wantStatus(t, root.api("DELETE", "/api/comments/"+cid(second.ID), ""), http.StatusNoContent)
		wantStatus(t, eve.api("DELETE", "/api/comments/"+cid(second.ID), ""), http.StatusNotFound)
		wantStatus(t, eve.api("DELETE", "/api/comments/424242", ""), http.StatusNotFound)
		wantStatus(t, eve.api("DELETE", "/api/comments/x", ""), http.StatusNotFound)
		// The author deletes a comment with a reply: it stays as a placeholder.
		wantStatus(t, ada.api("DELETE", "/api/comments/"+cid(first.ID), ""), http.StatusNoContent)
		cs, n = site.comments(discussed, "")
		if n != 1 || len(cs) != 2 || !cs[0].Deleted || cs[0].Text != "" || cs[0].HTML != "" || cs[1].ID != reply.ID {
			t.Fatalf("after deletes: %d, %+v", n, cs)
		}

		// Old-style ids with their slash.
		old := ada.comment("hep-th/9901001", "Classic", 0)
		if cs, n := site.comments("hep-th/9901001", ""); n != 1 || len(cs) != 1 || cs[0].ID != old.ID {
			t.Fatalf("old-style id: %d, %+v", n, cs)
		}
	})
}

func TestCommentRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada := site.member("ada")
		for i := range 10 {
			ada.comment(discussed, fmt.Sprintf("comment %d", i), 0)
		}
		w := ada.api("POST", "/api/papers/"+discussed+"/comments", `{"text":"one too many"}`)
		wantStatus(t, w, http.StatusTooManyRequests)
		if w.Header().Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		if _, n := site.comments(discussed, ""); n != 10 {
			t.Fatalf("numComments = %d after a refused comment", n)
		}
		// Another user is not limited by ada's pace.
		site.member("bob").comment(discussed, "hello", 0)
	})
}

func TestCommentFormsWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		ada, eve, root := site.member("ada"), site.member("eve"), site.admin("root")
		page := "/papers/" + discussed

		// A visitor is asked to sign in, and posting sends them there.
		wantContains(t, site.visit(page).Body.String(), "to join the discussion", `id="discussion"`)
		w := site.serve(httpPost(page+"/comments", form("text", "anon")), "198.51.100.3:1")
		wantStatus(t, w, http.StatusSeeOther)
		if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/signin") {
			t.Fatalf("visitor's comment went to %q", loc)
		}

		w = ada.post(page+"/comments", form("text", "Hello **world**"))
		wantStatus(t, w, http.StatusSeeOther)
		cs, _ := site.comments(discussed, "")
		if len(cs) != 1 {
			t.Fatalf("comments = %+v", cs)
		}
		first := cs[0]
		if loc := w.Header().Get("Location"); loc != page+"#c-"+cid(first.ID) {
			t.Fatalf("back to %q", loc)
		}
		wantStatus(t, eve.post(page+"/comments", form("text", "Reply", "parent", cid(first.ID))), http.StatusSeeOther)
		wantStatus(t, eve.post(page+"/comments", form("text", "Reply", "parent", "nope")), http.StatusBadRequest)
		wantStatus(t, eve.post(page+"/comments", form("text", "")), http.StatusBadRequest)

		body := site.visit(page).Body.String()
		wantContains(t, body, "<strong>world</strong>", `<ol class="replies">`, `<span class="count">2</span>`)
		wantLacks(t, body, `action="/comments/`+cid(first.ID)+`/edit"`) // visitors edit nothing

		// Edit and delete buttons for one's own comments only.
		mine := ada.page(page).Body.String()
		wantContains(t, mine, `action="/comments/`+cid(first.ID)+`/edit"`)
		theirs := eve.page(page).Body.String()
		wantLacks(t, theirs, `action="/comments/`+cid(first.ID)+`/edit"`, `action="/comments/`+cid(first.ID)+`/delete"`)
		wantStatus(t, eve.post("/comments/"+cid(first.ID)+"/edit", form("text", "hijacked")), http.StatusForbidden)
		wantStatus(t, eve.post("/comments/"+cid(first.ID)+"/delete", nil), http.StatusForbidden)
		wantStatus(t, eve.post("/comments/"+cid(first.ID)+"/hide", nil), http.StatusForbidden)
		wantStatus(t, eve.post("/comments/"+cid(first.ID)+"/ban", nil), http.StatusForbidden)
		wantStatus(t, ada.post("/comments/"+cid(first.ID)+"/edit", form("text", "Hello again")), http.StatusSeeOther)
		wantContains(t, site.visit(page).Body.String(), "Hello again", "(edited)")

		// An admin hides a comment: readers see a placeholder, the count drops.
		wantStatus(t, root.post("/comments/"+cid(first.ID)+"/hide", nil), http.StatusSeeOther)
		body = site.visit(page).Body.String()
		wantContains(t, body, "hidden by a moderator", `<span class="count">1</span>`)
		wantLacks(t, body, "Hello again")
		wantContains(t, root.page(page).Body.String(), "Hello again", `<span class="badge">Hidden</span>`)

		// A ban stops commenting, with a clear message; lifting it allows again.
		wantStatus(t, root.post("/comments/"+cid(first.ID)+"/ban", nil), http.StatusSeeOther)
		wantStatus(t, ada.post(page+"/comments", form("text", "still here")), http.StatusForbidden)
		wantStatus(t, ada.api("POST", "/api/papers/"+discussed+"/comments", `{"text":"still here"}`), http.StatusForbidden)
		wantContains(t, ada.page(page).Body.String(), "stopped your account from commenting")
		wantStatus(t, root.post("/comments/"+cid(first.ID)+"/unban", nil), http.StatusSeeOther)
		wantStatus(t, ada.post(page+"/comments", form("text", "back")), http.StatusSeeOther)
		// The same from /admin's list of banned users; only admins.
		wantStatus(t, root.post("/comments/"+cid(first.ID)+"/ban", nil), http.StatusSeeOther)
		wantContains(t, root.page("/admin").Body.String(), `action="/admin/commenters/`+cid(ada.ID)+`/unban"`)
		wantStatus(t, eve.post("/admin/commenters/"+cid(ada.ID)+"/unban", nil), http.StatusForbidden)
		wantStatus(t, ada.post(page+"/comments", form("text", "banned again")), http.StatusForbidden)
		wantStatus(t, root.post("/admin/commenters/"+cid(ada.ID)+"/unban", nil), http.StatusSeeOther)
		wantStatus(t, ada.post(page+"/comments", form("text", "back again")), http.StatusSeeOther)
		wantContains(t, root.page("/admin").Body.String(), "Nobody. Admins ban")
		wantContains(t, root.page("/admin").Body.String(), "hide-comment", "ban-commenter", "unban-commenter")
	})
}

// TestCommentXSS posts the usual payloads through the form and the API and
// checks, on the paper page and in the API's html, that nothing can run.
func TestCommentXSS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := newPaperSite(t, db)
		payloads := []string{
			`<script>alert(1)</script>`,
			`<img src=x onerror=alert(1)>`,
			`[click](javascript:alert(1))`,
			`<a href="javascript:alert(1)">x</a>`,
			`[x](JaVaScRiPt:alert(1))`,
			`<svg/onload=alert(1)>`,
			`"><script>alert(1)</script>`,
			`<<script>script>alert(1)<</script>/script>`,
			`> > <scr<script>ipt>alert(1)</script>`,
			`$</span><script>alert(1)</script>$`,
			`<div style="background:url(javascript:alert(1))">x</div>`,
			`[x](data:text/html,<script>alert(1)</script>)`,
		}
		var last *member
		for i, p := range payloads {
			m := site.member(fmt.Sprintf("user%d", i)) // one each: the rate limit is per user
			last = m
			if i%2 == 0 {
				m.comment(discussed, p, 0)
			} else {
				wantStatus(t, m.post("/papers/"+discussed+"/comments", form("text", p)), http.StatusSeeOther)
			}
		}
		page := site.visit("/papers/" + discussed).Body.String()
		start := strings.Index(page, `id="discussion"`)
		end := strings.Index(page[start:], "</section>")
		if start < 0 || end < 0 {
			t.Fatal("no discussion section")
		}
		section := page[start : start+end]
		if strings.Count(section, `<article class="comment`) != len(payloads) {
			t.Fatalf("the page shows %d comments, want %d", strings.Count(section, `<article class="comment`), len(payloads))
		}
		assertNoScript(t, section)
		assertNoScript(t, strings.ReplaceAll(page, `<svg aria-hidden="true"`, `<span`)) // the vote buttons' icons are the site's
		// Its author sees the text as typed in the edit form, still inert.
		own := last.page("/papers/" + discussed).Body.String()
		assertNoScript(t, strings.ReplaceAll(own, `<svg aria-hidden="true"`, `<span`))
		wantContains(t, own, `[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</textarea>`)
		cs, _ := site.comments(discussed, "")
		if len(cs) != len(payloads) {
			t.Fatalf("%d comments, want %d", len(cs), len(payloads))
		}
		for _, c := range cs {
			assertNoScript(t, c.HTML)
			if !strings.Contains(strings.Join(payloads, "\n"), c.Text) {
				t.Errorf("text not kept as typed: %q", c.Text)
			}
		}
	})
}

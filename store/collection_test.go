package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := paperwire.ErrorCode(err); got != code {
		t.Fatalf("%s: %v (code %q), want %q", what, err, got, code)
	}
}

func itemIDs(t *testing.T, ps *store.PaperStore, viewer, id int64) []string {
	t.Helper()
	items, err := ps.CollectionItems(context.Background(), viewer, id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, it := range items {
		if it.Position != i {
			t.Fatalf("item %d has position %d", i, it.Position)
		}
		ids = append(ids, it.Paper.ID)
	}
	return ids
}

func TestCollectionsOrderNotesAndOwnership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{
			paper("2601.00001", "One", "2026-01-05"), paper("2601.00002", "Two", "2026-01-05"),
			paper("2601.00003", "Three", "2026-01-06"),
		}); err != nil {
			t.Fatal(err)
		}
		ada, bob := newUser(t, us, "ada"), newUser(t, us, "bob")

		c := &paperwire.Collection{OwnerID: ada.ID, Title: "  Reading list: Attention!  ", Description: "<b>mine</b>"}
		if err := ps.CreateCollection(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Slug != "reading-list-attention" || c.Title != "Reading list: Attention!" || c.Owner != "ada" {
			t.Fatalf("created %+v", c)
		}
		again := &paperwire.Collection{OwnerID: ada.ID, Title: "Reading list -- attention"}
		if err := ps.CreateCollection(ctx, again); err != nil || again.Slug != "reading-list-attention-2" {
			t.Fatalf("second slug %q, %v", again.Slug, err)
		}
		wantCode(t, "empty title", ps.CreateCollection(ctx, &paperwire.Collection{OwnerID: ada.ID, Title: "  "}), paperwire.EINVALID)

		for _, id := range []string{"2601.00001", "2601.00002", "2601.00003"} {
			if err := ps.AddToCollection(ctx, ada.ID, c.ID, id, "note "+id); err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, "twice", ps.AddToCollection(ctx, ada.ID, c.ID, "2601.00001", ""), paperwire.ECONFLICT)
		wantCode(t, "unknown paper", ps.AddToCollection(ctx, ada.ID, c.ID, "2601.09999", ""), paperwire.ENOTFOUND)
		if err := ps.MoveItem(ctx, ada.ID, c.ID, "2601.00003", 0); err != nil {
			t.Fatal(err)
		}
		if got := itemIDs(t, ps, ada.ID, c.ID); !slices.Equal(got, []string{"2601.00003", "2601.00001", "2601.00002"}) {
			t.Fatalf("after move to 0: %v", got)
		}
		if err := ps.MoveItem(ctx, ada.ID, c.ID, "2601.00003", 99); err != nil {
			t.Fatal(err)
		}
		if got := itemIDs(t, ps, 0, c.ID); !slices.Equal(got, []string{"2601.00001", "2601.00002", "2601.00003"}) {
			t.Fatalf("after move past the end: %v", got)
		}
		if err := ps.SetItemNote(ctx, ada.ID, c.ID, "2601.00002", "read §3"); err != nil {
			t.Fatal(err)
		}
		if err := ps.RemoveFromCollection(ctx, ada.ID, c.ID, "2601.00001"); err != nil {
			t.Fatal(err)
		}
		items, _ := ps.CollectionItems(ctx, 0, c.ID)
		if len(items) != 2 || items[0].Note != "read §3" || items[0].Paper.Title != "Two" {
			t.Fatalf("items %+v", items)
		}

		// Bob sees the public collection and may change nothing in it.
		for what, err := range map[string]error{
			"add":    ps.AddToCollection(ctx, bob.ID, c.ID, "2601.00001", ""),
			"note":   ps.SetItemNote(ctx, bob.ID, c.ID, "2601.00002", "mine now"),
			"move":   ps.MoveItem(ctx, bob.ID, c.ID, "2601.00002", 1),
			"remove": ps.RemoveFromCollection(ctx, bob.ID, c.ID, "2601.00002"),
			"update": ps.UpdateCollection(ctx, bob.ID, &paperwire.Collection{ID: c.ID, Title: "Bob's"}),
			"delete": ps.DeleteCollection(ctx, bob.ID, c.ID),
			"anon":   ps.AddToCollection(ctx, 0, c.ID, "2601.00001", ""),
		} {
			wantCode(t, "bob "+what, err, paperwire.EFORBIDDEN)
		}
		if got := itemIDs(t, ps, 0, c.ID); !slices.Equal(got, []string{"2601.00002", "2601.00003"}) {
			t.Fatalf("bob changed it: %v", got)
		}
		if cols, n, err := ps.PaperCollections(ctx, "2601.00002", 10); err != nil || n != 1 || cols[0].ID != c.ID || cols[0].Items != 2 {
			t.Fatalf("paper collections %v %d %v", cols, n, err)
		}
	})
}

func TestPrivateCollectionsInvisibleToOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{paper("2601.00001", "One", "2026-01-05")}); err != nil {
			t.Fatal(err)
		}
		ada, bob := newUser(t, us, "ada"), newUser(t, us, "bob")
		secret := &paperwire.Collection{OwnerID: ada.ID, Title: "Secret", Private: true}
		open := &paperwire.Collection{OwnerID: ada.ID, Title: "Open"}
		for _, c := range []*paperwire.Collection{secret, open} {
			if err := ps.CreateCollection(ctx, c); err != nil {
				t.Fatal(err)
			}
			if err := ps.AddToCollection(ctx, ada.ID, c.ID, "2601.00001", ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ps.Collection(ctx, ada.ID, "ADA", "secret"); err != nil {
			t.Fatalf("owner cannot see their private collection: %v", err)
		}
		for _, viewer := range []int64{0, bob.ID} {
			_, err := ps.Collection(ctx, viewer, "ada", "secret")
			wantCode(t, "read by name", err, paperwire.ENOTFOUND)
			_, err = ps.CollectionByID(ctx, viewer, secret.ID)
			wantCode(t, "read by id", err, paperwire.ENOTFOUND)
			_, err = ps.CollectionItems(ctx, viewer, secret.ID)
			wantCode(t, "items", err, paperwire.ENOTFOUND)
			cols, err := ps.UserCollections(ctx, viewer, ada.ID)
			if err != nil || len(cols) != 1 || cols[0].ID != open.ID {
				t.Fatalf("viewer %d lists %v, %v", viewer, cols, err)
			}
		}
		// Writes to it look exactly like writes to nothing.
		wantCode(t, "bob adds", ps.AddToCollection(ctx, bob.ID, secret.ID, "2601.00001", ""), paperwire.ENOTFOUND)
		wantCode(t, "bob deletes", ps.DeleteCollection(ctx, bob.ID, secret.ID), paperwire.ENOTFOUND)
		wantCode(t, "bob renames", ps.UpdateCollection(ctx, bob.ID, &paperwire.Collection{ID: secret.ID, Title: "x"}), paperwire.ENOTFOUND)
		if cols, n, _ := ps.PaperCollections(ctx, "2601.00001", 10); n != 1 || len(cols) != 1 || cols[0].ID != open.ID {
			t.Fatalf("paper's collections count a private one: %d %v", n, cols)
		}
		if cols, _ := ps.UserCollections(ctx, ada.ID, ada.ID); len(cols) != 2 {
			t.Fatalf("owner lists %d, want 2", len(cols))
		}
		// A disabled account's collections go away with it.
		ada.Disabled = true
		if err := us.UpdateUser(ctx, ada); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.Collection(ctx, bob.ID, "ada", "open"); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("a disabled user's collection: %v", err)
		}
		if _, n, _ := ps.PaperCollections(ctx, "2601.00001", 10); n != 0 {
			t.Fatalf("a disabled user's collections counted: %d", n)
		}
		ada.Disabled = false
		if err := us.UpdateUser(ctx, ada); err != nil {
			t.Fatal(err)
		}
		// Made public, it shows; deleting the account takes it away.
		secret.Private = false
		if err := ps.UpdateCollection(ctx, ada.ID, secret); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := ps.PaperCollections(ctx, "2601.00001", 10); n != 2 {
			t.Fatalf("after publishing: %d", n)
		}
		if err := us.DeleteUser(ctx, ada.ID); err != nil {
			t.Fatal(err)
		}
		if _, n, _ := ps.PaperCollections(ctx, "2601.00001", 10); n != 0 {
			t.Fatalf("a deleted user's collections remain: %d", n)
		}
	})
}

func TestOrgsFromImportAndLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps := store.NewPaperStore(db)
		a := paper("2601.00001", "One", "2026-01-05")
		a.Organization = &paperwire.Organization{Name: "google", Fullname: "Google"}
		a.GitHubRepo, a.GitHubStars = "https://github.com/google/one", 120
		b := paper("2601.00002", "Two", "2026-01-06")
		b.Organization = &paperwire.Organization{Name: "google"}
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{a, b, paper("2601.00003", "Three", "2026-01-06")}); err != nil {
			t.Fatal(err)
		}
		g, err := ps.Org(ctx, "GOOGLE")
		if err != nil || g.Slug != "google" || g.Name != "Google" {
			t.Fatalf("imported org: %+v, %v", g, err)
		}
		papers, total, err := ps.Papers(ctx, paperwire.PaperFilter{Org: "google"})
		if err != nil || total != 2 || papers[0].ID != "2601.00002" {
			t.Fatalf("org papers %d %v", total, err)
		}

		// An admin describes it; its papers carry the new name.
		g.Name, g.Description, g.URL = "Google Research", "Research at Google.", "https://research.google"
		if err := ps.UpdateOrg(ctx, g); err != nil {
			t.Fatal(err)
		}
		if p, _ := ps.Paper(ctx, "2601.00002"); p.Organization == nil || p.Organization.Fullname != "Google Research" {
			t.Fatalf("paper's org after rename: %+v", p.Organization)
		}
		wantCode(t, "taken slug", ps.CreateOrg(ctx, &paperwire.Org{Slug: "Google"}), paperwire.ECONFLICT)
		wantCode(t, "bad slug", ps.CreateOrg(ctx, &paperwire.Org{Slug: "a/b"}), paperwire.EINVALID)
		wantCode(t, "http url", ps.CreateOrg(ctx, &paperwire.Org{Slug: "acme", URL: "http://acme.example"}), paperwire.EINVALID)
		acme := &paperwire.Org{Slug: "acme", Name: "ACME <Labs>"}
		if err := ps.CreateOrg(ctx, acme); err != nil {
			t.Fatal(err)
		}

		// Re-importing a record leaves the admin's description alone.
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{a}); err != nil {
			t.Fatal(err)
		}
		if g2, _ := ps.Org(ctx, "google"); g2.Description != "Research at Google." {
			t.Fatalf("import overwrote the org: %+v", g2)
		}

		str := func(s string) *string { return &s }
		before, _ := ps.Paper(ctx, "2601.00001")
		p, err := ps.SetPaperLinks(ctx, "2601.00001", paperwire.PaperLinks{ProjectPage: str("https://one.example/")})
		if err != nil || p.ProjectPage != "https://one.example/" || p.GitHubStars != 120 || p.Seq <= before.Seq {
			t.Fatalf("project page: %+v, %v", p, err)
		}
		p, err = ps.SetPaperLinks(ctx, "2601.00001", paperwire.PaperLinks{GitHubRepo: str("https://github.com/acme/two.git"), OrgID: str("acme")})
		if err != nil || p.GitHubRepo != "https://github.com/acme/two" || p.GitHubStars != 0 || p.Organization.Name != "acme" || p.ProjectPage == "" {
			t.Fatalf("repo and org: %+v %+v, %v", p, p.Organization, err)
		}
		p, err = ps.SetPaperLinks(ctx, "2601.00001", paperwire.PaperLinks{OrgID: str(""), ProjectPage: str("")})
		if err != nil || p.Organization != nil || p.ProjectPage != "" || p.GitHubRepo == "" {
			t.Fatalf("cleared: %+v, %v", p, err)
		}
		_, err = ps.SetPaperLinks(ctx, "2601.00001", paperwire.PaperLinks{OrgID: str("1")})
		if err != nil {
			t.Fatalf("org by id: %v", err)
		}
		for what, l := range map[string]paperwire.PaperLinks{
			"js repo":     {GitHubRepo: str("javascript:alert(1)")},
			"deep repo":   {GitHubRepo: str("https://github.com/a/b/tree/main")},
			"data page":   {ProjectPage: str("data:text/html,<script>alert(1)</script>")},
			"userinfo":    {ProjectPage: str("https://user:pw@evil.example/")},
			"unknown org": {OrgID: str("nope")},
		} {
			_, err := ps.SetPaperLinks(ctx, "2601.00001", l)
			want := paperwire.EINVALID
			if what == "unknown org" {
				want = paperwire.ENOTFOUND
			}
			wantCode(t, what, err, want)
		}
		_, err = ps.SetPaperLinks(ctx, "2601.09999", paperwire.PaperLinks{ProjectPage: str("https://x.example")})
		wantCode(t, "unknown paper", err, paperwire.ENOTFOUND)
	})
}

// Migration 0007 gives every organization slug papers already carry its
// row: run on a database whose papers came before it, /orgs/{slug} works.
func TestMigrationBackfillsOrganizations(t *testing.T) {
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			target := storetest.Target(t, kind)
			db := storetest.OpenTarget(t, kind, target)
			a, b, c := paper("2601.00001", "One", "2026-01-05"), paper("2601.00002", "Two", "2026-01-05"), paper("2601.00003", "Three", "2026-01-05")
			a.Organization = &paperwire.Organization{Name: "google", Fullname: "Google"}
			b.Organization = &paperwire.Organization{Name: "google"}
			c.Organization = &paperwire.Organization{Name: "no/slash", Fullname: "Bad"}
			if _, err := store.NewPaperStore(db).UpsertPapers(ctx, []*paperwire.Paper{a, b, c}); err != nil {
				t.Fatal(err)
			}
			db.Close()
			// Back to the schema before 0007, papers kept.
			raw := storetest.Raw(t, kind, target)
			for _, q := range []string{`DROP TABLE collection_items`, `DROP TABLE collections`, `DROP TABLE organizations`,
				`DROP INDEX papers_org`, `DELETE FROM schema_migrations WHERE name LIKE '%0007_collections.sql'`} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			raw.Close()
			db = storetest.OpenTarget(t, kind, target)
			defer db.Close()
			ps := store.NewPaperStore(db)
			o, err := ps.Org(ctx, "google")
			if err != nil || o.Name != "Google" {
				t.Fatalf("backfilled org: %+v, %v", o, err)
			}
			orgs, total, err := ps.Orgs(ctx, 0, 10)
			if err != nil || total != 1 || orgs[0].Slug != "google" {
				t.Fatalf("orgs after the migration: %d %v", total, err)
			}
		})
	}
}

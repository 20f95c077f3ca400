package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

func TestCommentsThreadCountAndOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		imported := paper("2501.00001", "Discussed", "2025-01-02")
		imported.NumComments = 9 // Hugging Face's count: its threads are not here
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{imported, paper("2501.00002", "Other", "2025-01-02")}); err != nil {
			t.Fatal(err)
		}
		ada, bob := newUser(t, us, "ada"), newUser(t, us, "bob")
		numComments := func(want int) {
			t.Helper()
			p, err := ps.Paper(ctx, "2501.00001")
			if err != nil || p.NumComments != want {
				t.Fatalf("numComments = %v (%v), want %d", p.NumComments, err, want)
			}
		}
		numComments(0)
		seq0, _ := ps.MaxSeq(ctx)
		first := &paperwire.Comment{PaperID: "2501.00001", UserID: ada.ID, Text: "  First!  "}
		if err := ps.AddComment(ctx, first); err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || first.Text != "First!" || first.CreatedAt.IsZero() {
			t.Fatalf("added %+v", first)
		}
		if seq, _ := ps.MaxSeq(ctx); seq <= seq0 {
			t.Fatal("a comment did not move the change sequence")
		}
		db.Now = func() time.Time { return first.CreatedAt.Add(time.Minute) }
		second := &paperwire.Comment{PaperID: "2501.00001", UserID: bob.ID, Text: "Second"}
		reply := &paperwire.Comment{PaperID: "2501.00001", UserID: bob.ID, Text: "Reply", ParentID: first.ID}
		for _, c := range []*paperwire.Comment{second, reply} {
			if err := ps.AddComment(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		// A reply to a reply joins the thread of its top-level comment.
		deep := &paperwire.Comment{PaperID: "2501.00001", UserID: ada.ID, Text: "Deeper", ParentID: reply.ID}
		if err := ps.AddComment(ctx, deep); err != nil || deep.ParentID != first.ID {
			t.Fatalf("deep reply: parent %d, %v; want %d", deep.ParentID, err, first.ID)
		}
		numComments(4)

		order := func(oldest bool) string {
			cs, err := ps.Comments(ctx, "2501.00001", oldest)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, c := range cs {
				texts = append(texts, c.Text)
			}
			return strings.Join(texts, ",")
		}
		if got := order(true); got != "First!,Reply,Deeper,Second" {
			t.Errorf("oldest first: %s", got)
		}
		if got := order(false); got != "Second,First!,Reply,Deeper" {
			t.Errorf("newest first: %s", got)
		}

		// Replying across papers, to nothing, or with bad text stores nothing.
		for _, bad := range []*paperwire.Comment{
			{PaperID: "2501.00002", UserID: ada.ID, Text: "x", ParentID: first.ID},
			{PaperID: "2501.00001", UserID: ada.ID, Text: "x", ParentID: 99999},
			{PaperID: "2599.99999", UserID: ada.ID, Text: "x"},
		} {
			if err := ps.AddComment(ctx, bad); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
				t.Errorf("add %+v: %v, want ENOTFOUND", bad, err)
			}
		}
		for _, text := range []string{"", "   ", strings.Repeat("é", paperwire.MaxCommentRunes+1), "bad \xff utf-8"} {
			if err := ps.AddComment(ctx, &paperwire.Comment{PaperID: "2501.00001", UserID: ada.ID, Text: text}); paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Errorf("text of %d bytes: %v, want EINVALID", len(text), err)
			}
		}
		numComments(4)

		// An import never overwrites the local count.
		imported.NumComments, imported.Upvotes = 50, 3
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{imported}); err != nil {
			t.Fatal(err)
		}
		numComments(4)
	})
}

func TestCommentsOnlyAuthorOrAdminChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ps, us := store.NewPaperStore(db), store.NewUserStore(db)
		if _, err := ps.UpsertPapers(ctx, []*paperwire.Paper{paper("2501.00001", "Discussed", "2025-01-02")}); err != nil {
			t.Fatal(err)
		}
		ada, eve, root := newUser(t, us, "ada"), newUser(t, us, "eve"), newUser(t, us, "root")
		root.Admin = true
		c := &paperwire.Comment{PaperID: "2501.00001", UserID: ada.ID, Text: "Mine"}
		if err := ps.AddComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := ps.EditComment(ctx, eve.ID, c.ID, "Eve was here", ""); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("eve edits ada's comment: %v, want EFORBIDDEN", err)
		}
		if _, err := ps.EditComment(ctx, root.ID, c.ID, "Admins do not rewrite", ""); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("admin edits ada's comment: %v, want EFORBIDDEN", err)
		}
		if err := ps.DeleteComment(ctx, eve, c.ID); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("eve deletes ada's comment: %v, want EFORBIDDEN", err)
		}
		if got, _ := ps.Comment(ctx, c.ID); got.Text != "Mine" || got.Edited() || got.Deleted {
			t.Fatalf("after refused changes: %+v", got)
		}
		edited, err := ps.EditComment(ctx, ada.ID, c.ID, "Mine, edited", "<p>Mine, edited</p>")
		if err != nil || !edited.Edited() || edited.Text != "Mine, edited" || edited.HTML != "<p>Mine, edited</p>" {
			t.Fatalf("own edit: %+v, %v", edited, err)
		}
		if got, _ := ps.Comment(ctx, c.ID); !got.Edited() || got.Text != "Mine, edited" || got.UserName != "ada" {
			t.Fatalf("stored edit: %+v", got)
		}

		// Admins hide; hidden comments leave the count.
		if err := ps.HideComment(ctx, c.ID, true); err != nil {
			t.Fatal(err)
		}
		if p, _ := ps.Paper(ctx, "2501.00001"); p.NumComments != 0 {
			t.Fatalf("hidden comment counted: %d", p.NumComments)
		}
		if err := ps.HideComment(ctx, c.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := ps.DeleteComment(ctx, root, c.ID); err != nil {
			t.Fatalf("admin deletes: %v", err)
		}
		got, _ := ps.Comment(ctx, c.ID)
		if !got.Deleted || got.Text != "" {
			t.Fatalf("deleted comment kept its text: %+v", got)
		}
		if p, _ := ps.Paper(ctx, "2501.00001"); p.NumComments != 0 {
			t.Fatalf("deleted comment counted: %d", p.NumComments)
		}
		if err := ps.DeleteComment(ctx, ada, c.ID); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("second delete: %v, want ENOTFOUND", err)
		}

		// A ban stops commenting (and editing), and only that.
		evesOwn := &paperwire.Comment{PaperID: "2501.00001", UserID: eve.ID, Text: "before the ban"}
		if err := ps.AddComment(ctx, evesOwn); err != nil {
			t.Fatal(err)
		}
		if err := ps.BanCommenter(ctx, eve.ID, root.ID, true); err != nil {
			t.Fatal(err)
		}
		if banned, err := ps.CommentBanned(ctx, eve.ID); err != nil || !banned {
			t.Fatalf("banned = %v, %v", banned, err)
		}
		if err := ps.AddComment(ctx, &paperwire.Comment{PaperID: "2501.00001", UserID: eve.ID, Text: "spam"}); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("banned user comments: %v, want EFORBIDDEN", err)
		}
		if _, err := ps.EditComment(ctx, eve.ID, evesOwn.ID, "spam", ""); paperwire.ErrorCode(err) != paperwire.EFORBIDDEN {
			t.Fatalf("banned user edits: %v, want EFORBIDDEN", err)
		}
		if err := ps.BanCommenter(ctx, eve.ID, root.ID, false); err != nil {
			t.Fatal(err)
		}
		if err := ps.AddComment(ctx, &paperwire.Comment{PaperID: "2501.00001", UserID: eve.ID, Text: "sorry"}); err != nil {
			t.Fatalf("after the ban is lifted: %v", err)
		}
		if err := ps.BanCommenter(ctx, 424242, root.ID, true); paperwire.ErrorCode(err) != paperwire.ENOTFOUND {
			t.Fatalf("ban unknown user: %v", err)
		}

		// Deleting an account keeps its comments, without an author.
		if err := us.DeleteUser(ctx, eve.ID); err != nil {
			t.Fatal(err)
		}
		cs, err := ps.Comments(ctx, "2501.00001", true)
		if err != nil || len(cs) != 3 || cs[2].UserID != 0 || cs[2].UserName != "" || cs[2].Text != "sorry" {
			t.Fatalf("after account deletion: %+v, %v", cs, err)
		}
	})
}

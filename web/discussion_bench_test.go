package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/paperwire/paperwire"
	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/markup"
)

// BenchmarkPaperPageDiscussion renders a paper page whose discussion holds
// 500 comments (a third of them replies), on SQLite, with the page cache off.
func BenchmarkPaperPageDiscussion(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	site := newPaperSite(b, db)
	md := markup.New()
	var people []*paperwire.User
	for i := range 50 {
		people = append(people, site.member(fmt.Sprintf("reader%d", i)).User)
	}
	var tops []int64
	for i := range 500 {
		text := fmt.Sprintf("Comment %d on **this paper**: the bound $O(n^2 \\log n)$ in `Theorem %d` looks tight, "+
			"but see [the earlier result](https://arxiv.org/abs/2401.%05d). @reader%d, did you try it?\n\n> Quoted line.\n\n- one\n- two", i, i%7, i, (i+1)%50)
		c := &paperwire.Comment{PaperID: discussed, UserID: people[i%50].ID, Text: text, HTML: md.Render(text, nil)}
		if i%3 == 2 {
			c.ParentID = tops[i%len(tops)]
		}
		if err := site.papers.AddComment(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		if c.ParentID == 0 {
			tops = append(tops, c.ID)
		}
	}
	benchGet(b, site.h, "/papers/"+discussed)
}

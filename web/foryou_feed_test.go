package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/paperwire/paperwire/internal/storetest"
	"github.com/paperwire/paperwire/store"
)

// TestForYouFeedSaysWhy: each entry of the For-you feed carries the reason
// its card on the page gives ("Like X that you upvoted"), before the
// abstract, in Atom's summary and content and in RSS's description; a
// hostile liked title stays text.
func TestForYouFeedSaysWhy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		site := forYouSite(t, db)
		ada, eve := site.member("ada"), site.member("eve")
		wantStatus(t, ada.api(http.MethodPost, "/api/papers/"+proteinLiked+"/upvote", ""), http.StatusOK)
		feed := makeFeed(t, ada)

		const title = "Predicting protein folding from amino acid sequences"
		link := `<p>Like <a href="` + testHost + `/papers/` + proteinLiked + `">` + title + `</a> that you upvoted</p>`
		atom := feedOf(t, site.visit(feed))
		if len(atom.Items) < 3 {
			t.Fatalf("%d entries", len(atom.Items))
		}
		for _, it := range atom.Items[:3] {
			if !strings.HasPrefix(it.Description, "Like “"+title+"” that you upvoted.") || !strings.Contains(it.Description, "Protein folding and protein structure") {
				t.Errorf("entry %q: summary %q lacks the reason, then the abstract", it.Title, it.Description)
			}
			if !strings.HasPrefix(it.Content, link) || !strings.Contains(it.Content, "arxiv.org/abs/") {
				t.Errorf("entry %q: content %q lacks the reason, then the body", it.Title, it.Content)
			}
		}
		rss := feedOf(t, site.visit(strings.Replace(feed, "feed.atom", "feed.rss", 1)))
		for _, it := range rss.Items[:3] {
			if !strings.HasPrefix(it.Description, link) || !strings.Contains(it.Description, "Protein folding and protein structure") {
				t.Errorf("RSS item %q: description %q lacks the reason, then the abstract", it.Title, it.Description)
			}
		}
		// The same papers, on the page, give the same reason.
		wantContains(t, ada.page("/papers/for-you").Body.String(), `Like <a href="/papers/`+proteinLiked+`">`+title+`</a> that you upvoted`)

		wantStatus(t, eve.api(http.MethodPost, "/api/papers/2607.00001/upvote", ""), http.StatusOK) // the <script> title
		evil := feedOf(t, site.visit(makeFeed(t, eve)+"&range=month"))
		if len(evil.Items) == 0 {
			t.Fatal("eve's feed is empty")
		}
		it := evil.Items[0]
		if strings.Contains(it.Content, "<script>") || !strings.Contains(it.Content, `&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Attention`) {
			t.Fatalf("the liked title is not escaped in the entry's HTML: %q", it.Content)
		}
		if !strings.HasPrefix(it.Description, `Like “<script>alert("t")</script> Attention`) {
			t.Fatalf("the text summary should quote the title as text: %q", it.Description)
		}
	})
}

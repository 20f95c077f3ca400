package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// profilePage is /u/{name}: a user's submissions, and their upvotes when
// they chose to show them. It carries only what is public about the user,
// never their email.
type profilePage struct {
	Page
	Name      string
	Initial   string // the avatar's letter
	Joined    time.Time
	Admin     bool
	Disabled  bool   // shown to admins only; others get 404
	Own       bool   // the viewer's own profile
	Tab       string // "submissions" or "upvotes"
	Tabs      []navLink
	Private   bool   // the upvotes tab is the owner's alone (ShowUpvotes is off)
	SubmitURL string // where the owner submits a paper; empty when this server takes none
	Cards     []card
	Total     int
	Pager     pager
}

// profileShow returns the handler of a profile's tab: /u/{name}
// ("submissions") or /u/{name}/upvotes ("upvotes"). A name in another case
// redirects to the account's own spelling. Disabled accounts are 404 except
// to admins, so a banned spammer's page goes away.
func (s *Server) profileShow(tab string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.showProfile(w, r, tab) }
}

func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, tab string) {
	ctx := r.Context()
	viewer := Viewer(r)
	u, err := s.users.UserByName(ctx, r.PathValue("name"))
	hidden := err == nil && u.Disabled && (viewer == nil || !viewer.Admin)
	if hidden || paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no user called %s.", clipText(r.PathValue("name"), 40))
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
		return
	}
	base := "/u/" + u.Name
	if tab == "upvotes" {
		base += "/upvotes"
	}
	if u.Name != r.PathValue("name") {
		http.Redirect(w, r, base, http.StatusMovedPermanently)
		return
	}
	page, err := pageParam(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "First page", URL: base})
		return
	}
	p := profilePage{Page: s.page(r, u.Name), Name: u.Name, Initial: strings.ToUpper(u.Name[:1]), Joined: u.CreatedAt,
		Admin: u.Admin, Disabled: u.Disabled, Own: viewer != nil && viewer.ID == u.ID, Tab: tab}
	upvotesOpen := s.votes != nil && (u.ShowUpvotes || p.Own)
	p.Private = upvotesOpen && !u.ShowUpvotes
	p.Tabs = []navLink{{Label: "Submissions", URL: "/u/" + u.Name, Current: tab == "submissions"}}
	if upvotesOpen {
		p.Tabs = append(p.Tabs, navLink{Label: "Upvotes", URL: "/u/" + u.Name + "/upvotes", Current: tab == "upvotes"})
	}
	if s.curation.collections != nil {
		p.Tabs = append(p.Tabs, navLink{Label: "Collections", URL: "/u/" + u.Name + "/collections"})
	}
	p.Tabs = append(p.Tabs, s.papersTab(u.Name, false)...)

	var papers []*paperwire.Paper
	offset := (page - 1) * s.pageSize
	switch {
	case tab == "submissions":
		papers, p.Total, err = s.papers.Papers(ctx, paperwire.PaperFilter{Submitter: u.Name, Offset: offset, Limit: s.pageSize})
	case upvotesOpen:
		papers, p.Total, err = s.votes.UserUpvotes(ctx, u.ID, offset, s.pageSize)
	default:
		err = paperwire.Errorf(paperwire.ENOTFOUND, "%s keeps their upvotes private.", u.Name)
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: u.Name + "'s profile", URL: "/u/" + u.Name})
		return
	}
	p.Pager = newPager(page, s.pageSize, p.Total, len(papers), base)
	if page > 1 && page > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d here.", page), navLink{Label: "First page", URL: base})
		return
	}
	for _, pp := range papers {
		p.Cards = append(p.Cards, cardOf(pp))
	}
	s.markVotes(r, pageURL(base, page), p.Cards)
	if p.Own && s.canSubmit() {
		p.SubmitURL = "/papers/submit"
	}
	if p.Own {
		noStore(w)
	}
	s.render(w, r, http.StatusOK, "profile", p)
}

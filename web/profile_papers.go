package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// authoredPage is /u/{name}/papers: the papers a user is a verified author
// of, except those they hide. The owner sees all their claims, pending and
// refused ones too, with buttons to hide, show or withdraw each.
type authoredPage struct {
	Page
	Name    string
	Initial string
	Own     bool
	Tabs    []navLink
	Cards   []card
	Claims  []*paperwire.AuthorClaim // the owner's own claims
}

// papersTab is the profile's "Papers" tab, when claims are on.
func (s *Server) papersTab(name string, current bool) []navLink {
	if s.discussion.authors == nil {
		return nil
	}
	return []navLink{{Label: "Papers", URL: "/u/" + name + "/papers", Current: current}}
}

// authoredShow shows /u/{name}/papers.
func (s *Server) authoredShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	viewer := Viewer(r)
	u, err := s.users.UserByName(ctx, r.PathValue("name"))
	if err == nil && u.Disabled && (viewer == nil || !viewer.Admin) || paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no user called %s.", clipText(r.PathValue("name"), 40))
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
		return
	}
	if u.Name != r.PathValue("name") {
		http.Redirect(w, r, "/u/"+u.Name+"/papers", http.StatusMovedPermanently)
		return
	}
	claims, err := s.discussion.authors.UserClaims(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := authoredPage{Page: s.page(r, u.Name+"'s papers"), Name: u.Name, Initial: strings.ToUpper(u.Name[:1]),
		Own: viewer != nil && viewer.ID == u.ID}
	p.Tabs = []navLink{{Label: "Submissions", URL: "/u/" + u.Name}}
	if s.votes != nil && (u.ShowUpvotes || p.Own) {
		p.Tabs = append(p.Tabs, navLink{Label: "Upvotes", URL: "/u/" + u.Name + "/upvotes"})
	}
	p.Tabs = append(p.Tabs, s.papersTab(u.Name, true)...)
	var ids []string
	for _, c := range claims {
		if c.Status == paperwire.ClaimVerified && !c.Hidden {
			ids = append(ids, c.PaperID)
		}
	}
	if p.Own {
		p.Claims = claims
		noStore(w)
	}
	if len(ids) > 0 {
		papers, err := s.papersByID(r, ids)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, pp := range papers {
			p.Cards = append(p.Cards, cardOf(pp))
		}
		s.markVotes(r, "/u/"+u.Name+"/papers", p.Cards)
	}
	s.render(w, r, http.StatusOK, "authored", p)
}

// papersByID reads the papers of ids in one read, in order, each once.
func (s *Server) papersByID(r *http.Request, ids []string) ([]*paperwire.Paper, error) {
	seen := make(map[string]bool, len(ids))
	distinct := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			distinct = append(distinct, id)
		}
	}
	return s.papers.PapersByID(r.Context(), distinct)
}

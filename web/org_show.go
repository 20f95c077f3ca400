package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// orgPage is /orgs/{slug}: an organization and its papers, newest first.
type orgPage struct {
	Page
	Org     *paperwire.Org
	Initial string
	EditURL string // for admins
	Cards   []card
	Pager   pager
}

// orgShow shows /orgs/{slug}; a slug in another case redirects to the
// organization's own spelling.
func (s *Server) orgShow(w http.ResponseWriter, r *http.Request) {
	o, err := s.curation.orgs.Org(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Today's papers", URL: "/"})
		return
	}
	base := orgURL(o.Slug)
	if o.Slug != r.PathValue("slug") && base != "" {
		http.Redirect(w, r, base, http.StatusMovedPermanently)
		return
	}
	page, err := pageParam(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "First page", URL: base})
		return
	}
	papers, total, err := s.papers.Papers(r.Context(), paperwire.PaperFilter{Org: o.Slug, Offset: (page - 1) * s.pageSize, Limit: s.pageSize})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := orgPage{Page: s.page(r, o.Name), Org: o, Initial: initialOf(o.Name)}
	p.Feeds = feedLinks(o.Name+" · Paperwire", base, "")
	p.Pager = newPager(page, s.pageSize, total, len(papers), base)
	if page > 1 && page > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d here.", page), navLink{Label: "First page", URL: base})
		return
	}
	for _, pp := range papers {
		p.Cards = append(p.Cards, cardOf(pp))
	}
	s.markVotes(r, pageURL(base, page), p.Cards)
	if v := Viewer(r); v != nil && v.Admin {
		p.EditURL = "/admin/orgs#org-" + o.Slug
	}
	s.render(w, r, http.StatusOK, "org", p)
}

// orgFeed follows /orgs/{slug}: its newest papers.
func (s *Server) orgFeed(r *http.Request) (*feedDoc, error) {
	o, err := s.curation.orgs.Org(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	papers, _, err := s.papers.Papers(r.Context(), paperwire.PaperFilter{Org: o.Slug, Limit: feedSize})
	if err != nil {
		return nil, err
	}
	desc := o.Description
	if desc == "" {
		desc = "Papers by " + o.Name + ", newest first."
	}
	return &feedDoc{Title: o.Name + " · Paperwire", Description: desc, Page: orgURL(o.Slug), Papers: papers}, nil
}

// initialOf is the letter an avatar shows.
func initialOf(name string) string {
	for _, r := range name {
		return string(r)
	}
	return "?"
}

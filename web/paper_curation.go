package web

import (
	"net/http"
	"net/url"

	"github.com/paperwire/paperwire"
)

// collectionRow is a collection in a list: a profile's, a paper page's,
// the "save to" chooser.
type collectionRow struct {
	ID          int64
	URL         string
	Title       string
	Description string
	Owner       string
	OwnerURL    string
	Private     bool
	Items       int
	Updated     string
}

func collectionRowOf(c *paperwire.Collection) collectionRow {
	return collectionRow{ID: c.ID, URL: collectionURL(c), Title: c.Title, Description: c.Description, Owner: c.Owner,
		OwnerURL: userURL(c.Owner), Private: c.Private, Items: c.Items, Updated: formatDate(c.UpdatedAt)}
}

// collectionURL is a collection's page.
func collectionURL(c *paperwire.Collection) string {
	return "/collections/" + url.PathEscape(c.Owner) + "/" + url.PathEscape(c.Slug)
}

// orgURL is an organization's page, "" for a slug that cannot be one.
func orgURL(slug string) string {
	if slug == "" || paperwire.ValidateOrgSlug(slug) != nil {
		return ""
	}
	return "/orgs/" + url.PathEscape(slug)
}

// paperCuration is the paper page's part of this: the links form for
// those who may edit them, the public collections that hold the paper,
// and the viewer's "save to collection" form.
type paperCuration struct {
	PaperID string
	// LinksForm shows the links form; LinksAction is where it posts.
	LinksForm   bool
	LinksAction string
	OrgsOn      bool
	OrgSlug     string
	GitHubRepo  string
	ProjectPage string
	// Collections are public collections holding the paper, Total all of them.
	CollectionsOn bool
	Collections   []collectionRow
	Total         int
	// SignedIn viewers get the save form, into one of Mine or a new one.
	SignedIn bool
	Mine     []collectionRow
}

// paperCollectionsShown is how many collections a paper page lists.
const paperCollectionsShown = 10

// paperCuration gathers the paper page's part for r's viewer. Failures
// only cost the section: the page is still worth showing, so they are logged.
func (s *Server) paperCuration(r *http.Request, p *paperwire.Paper) paperCuration {
	ctx := r.Context()
	v := Viewer(r)
	pc := paperCuration{PaperID: p.ID, OrgsOn: s.curation.orgs != nil, GitHubRepo: p.GitHubRepo, ProjectPage: p.ProjectPage,
		LinksAction: paperURL(p.ID) + "/links"}
	if p.Organization != nil {
		pc.OrgSlug = p.Organization.Name
	}
	if ok, err := s.mayEditPaperLinks(ctx, v, p); err != nil {
		s.logger.Warn("links permission lookup failed", "paper_id", p.ID, "error", err)
	} else {
		pc.LinksForm = ok
	}
	cs := s.curation.collections
	if cs == nil {
		return pc
	}
	pc.CollectionsOn = true
	cols, total, err := cs.PaperCollections(ctx, p.ID, paperCollectionsShown)
	if err != nil {
		s.logger.Warn("paper collections failed", "paper_id", p.ID, "error", err)
	}
	for _, c := range cols {
		pc.Collections = append(pc.Collections, collectionRowOf(c))
	}
	pc.Total = total
	if v != nil {
		pc.SignedIn = true
		mine, err := cs.UserCollections(ctx, v.ID, v.ID)
		if err != nil {
			s.logger.Warn("own collections failed", "user_id", v.ID, "error", err)
		}
		for _, c := range mine {
			pc.Mine = append(pc.Mine, collectionRowOf(c))
		}
	}
	return pc
}

// saveURL is a card's "Save" link for a signed-in viewer, "" otherwise.
func (s *Server) saveURL(vs voteState, id string) string {
	if s.curation.collections == nil || vs.mode != voteUser {
		return ""
	}
	return "/collections/add?paper=" + url.QueryEscape(id)
}

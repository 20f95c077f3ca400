package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// linksRequest is the body of POST /api/papers/{id}/links, Hugging Face's
// shape. An absent (or null) field is left as it is; "" clears it.
type linksRequest struct {
	GithubRepo     *string `json:"githubRepo"`
	ProjectPage    *string `json:"projectPage"`
	OrganizationID *orgRef `json:"organizationId"`
}

// orgRef names an organization by id (a JSON number or string of digits)
// or by slug.
type orgRef string

func (o *orgRef) UnmarshalJSON(b []byte) error {
	var n int64
	if err := json.Unmarshal(b, &n); err == nil {
		*o = orgRef(strconv.FormatInt(n, 10))
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return paperwire.Errorf(paperwire.EINVALID, `"organizationId" is an organization's id or slug.`)
	}
	*o = orgRef(s)
	return nil
}

func (req linksRequest) links() paperwire.PaperLinks {
	l := paperwire.PaperLinks{GitHubRepo: req.GithubRepo, ProjectPage: req.ProjectPage}
	if req.OrganizationID != nil {
		s := string(*req.OrganizationID)
		l.OrgID = &s
	}
	return l
}

// setLinks checks that u may change paper id's links (404 for an unknown
// paper, 403 for someone else's) and applies l.
func (s *Server) setLinks(r *http.Request, u *paperwire.User, id string, l paperwire.PaperLinks) (*paperwire.Paper, error) {
	p, err := s.papers.Paper(r.Context(), id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayEditPaperLinks(r.Context(), u, p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, paperwire.Errorf(paperwire.EFORBIDDEN, "Only the paper's submitter, its verified authors and admins may change its links.")
	}
	if p, err = s.curation.links.SetPaperLinks(r.Context(), id, l); err != nil {
		return nil, err
	}
	s.changed()
	return p, nil
}

// apiLinksUpdate answers POST /api/papers/{id}/links {"githubRepo",
// "projectPage", "organizationId"}: 200 with the paper as GET
// /api/papers/{id} shows it; 401 without a valid token, 403 for someone
// else's paper, 404 for an unknown paper or organization, 400 for a link
// that is not https (a repository must be https://github.com/{owner}/{repo}).
func (s *Server) apiLinksUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	var req linksRequest
	if err := readJSONBody(w, r, &req); err != nil {
		s.failJSON(w, r, err)
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	p, err := s.setLinks(r, u, id, req.links())
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	noStore(w)
	s.writeJSON(w, r, http.StatusOK, apiPaperOf(p))
}

// linksUpdate answers the paper page's links form (github_repo,
// project_page, organization: each set as posted, empty clears) and goes
// back to the paper's links.
func (s *Server) linksUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	repo, page, org := formValue(r, "github_repo"), formValue(r, "project_page"), formValue(r, "organization")
	l := paperwire.PaperLinks{GitHubRepo: &repo, ProjectPage: &page}
	if _, sent := r.PostForm["organization"]; sent && s.curation.orgs != nil {
		l.OrgID = &org
	}
	if _, err := s.setLinks(r, u, id, l); err != nil {
		s.fail(w, r, err, navLink{Label: "Back to the paper", URL: paperURL(id) + "#links"})
		return
	}
	http.Redirect(w, r, paperURL(id)+"#links", http.StatusSeeOther)
}

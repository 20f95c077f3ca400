package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// adminOrgsPage is /admin/orgs: every organization with a form to
// describe it, and a form to create one. Admins only.
type adminOrgsPage struct {
	Page
	Orgs   []*paperwire.Org
	Pager  pager
	New    paperwire.Org // the create form's values after a refusal
	Notice string
	Error  string
}

// adminOrgsPerPage is how many organizations /admin/orgs lists at once.
const adminOrgsPerPage = 50

var adminOrgNotices = map[string]string{
	"created": "The organization is created.",
	"saved":   "The organization is saved.",
}

func (s *Server) adminOrgsShow(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil {
		return
	}
	page, err := pageParam(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Organizations", URL: "/admin/orgs"})
		return
	}
	s.renderAdminOrgs(w, r, page, http.StatusOK, func(p *adminOrgsPage) { p.Notice = adminOrgNotices[r.URL.Query().Get("done")] })
}

func (s *Server) renderAdminOrgs(w http.ResponseWriter, r *http.Request, page, status int, set func(*adminOrgsPage)) {
	orgs, total, err := s.curation.orgs.Orgs(r.Context(), (page-1)*adminOrgsPerPage, adminOrgsPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := adminOrgsPage{Page: s.page(r, "Organizations"), Orgs: orgs}
	p.Pager = newPager(page, adminOrgsPerPage, total, len(orgs), "/admin/orgs")
	set(&p)
	noStore(w)
	s.render(w, r, status, "admin_orgs", p)
}

// adminOrgCreate is POST /admin/orgs (slug, name, description, url).
func (s *Server) adminOrgCreate(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	o := paperwire.Org{Slug: formValue(r, "slug"), Name: formValue(r, "name"), Description: formValue(r, "description"), URL: formValue(r, "url")}
	created := o
	err := s.curation.orgs.CreateOrg(r.Context(), &created)
	if err == nil {
		err = s.record(r, admin, "create-org", created.Slug, created.Name)
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdminOrgs(w, r, 1, st, func(p *adminOrgsPage) { p.Error, p.New = msg, o })
		return
	}
	http.Redirect(w, r, "/admin/orgs?done=created", http.StatusSeeOther)
}

// adminOrgUpdate is POST /admin/orgs/{slug}: a new name, description and URL.
func (s *Server) adminOrgUpdate(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	o, err := s.curation.orgs.Org(r.Context(), r.PathValue("slug"))
	if err == nil {
		o.Name, o.Description, o.URL = formValue(r, "name"), formValue(r, "description"), formValue(r, "url")
		err = s.curation.orgs.UpdateOrg(r.Context(), o)
	}
	if err == nil {
		err = s.record(r, admin, "update-org", o.Slug, o.Name)
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdminOrgs(w, r, formPage(r), st, func(p *adminOrgsPage) { p.Error = msg })
		return
	}
	s.changed()
	http.Redirect(w, r, pageURL("/admin/orgs", formPage(r))+"#org-"+o.Slug, http.StatusSeeOther)
}

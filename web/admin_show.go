package web

import (
	"net/http"
	"time"

	"github.com/paperwire/paperwire"
)

// adminPage is /admin: the accounts, a page at a time, with their
// switches; the form that takes a submission off a day's list; and the
// newest entries of the audit log.
type adminPage struct {
	Page
	Users   []adminUser
	Pager   pager
	Removal bool   // submissions can be removed (Config.Submissions is set)
	PaperID string // the removal form's value after a failed removal
	AuditOn bool   // there is an audit log to show
	Audit   []paperwire.AuditEntry
	Notice  string
	Error   string
	// ClaimsOn says authorship claims exist here; Claims are those waiting.
	ClaimsOn bool
	Claims   []*paperwire.AuthorClaim
	// Banned are the users banned from commenting, when there are discussions.
	BansOn bool
	Banned []*paperwire.User
}

// adminUser is one account row. Self marks the admin's own row, which has
// no disable or demote button.
type adminUser struct {
	ID       int64
	Name     string
	Email    string
	Joined   time.Time
	Admin    bool
	Disabled bool
	Self     bool
}

// Sizes of the admin page's lists.
const (
	adminUsersPage = 50
	adminAuditRows = 50
)

// adminNotices are the messages ?done= may ask for after an action.
var adminNotices = map[string]string{
	"removed": "The submission is off its day's list.",
	"claim":   "The claim is decided.",
	"unban":   "The user may comment again.",
}

// adminShow shows /admin to admins; everyone else gets 403.
func (s *Server) adminShow(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil {
		return
	}
	page, err := pageParam(r)
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Admin", URL: "/admin"})
		return
	}
	s.renderAdmin(w, r, admin, page, http.StatusOK, func(p *adminPage) {
		p.Notice = adminNotices[r.URL.Query().Get("done")]
	})
}

// renderAdmin shows page (1-based) of the admin page with status, after
// edit sets what an action has to say.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, admin *paperwire.User, page, status int, edit func(p *adminPage)) {
	ctx := r.Context()
	users, total, err := s.users.Users(ctx, (page-1)*adminUsersPage, adminUsersPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := adminPage{Page: s.page(r, "Admin"), Removal: s.submissions != nil, AuditOn: s.audit != nil}
	p.Pager = newPager(page, adminUsersPage, total, len(users), "/admin")
	if page > 1 && page > p.Pager.Pages {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no page %d of users.", page), navLink{Label: "Admin", URL: "/admin"})
		return
	}
	for _, u := range users {
		p.Users = append(p.Users, adminUser{ID: u.ID, Name: u.Name, Email: u.Email, Joined: u.CreatedAt,
			Admin: u.Admin, Disabled: u.Disabled, Self: u.ID == admin.ID})
	}
	if s.audit != nil {
		if p.Audit, err = s.audit.AuditLog(ctx, adminAuditRows); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if s.discussion.authors != nil {
		p.ClaimsOn = true
		if p.Claims, err = s.discussion.authors.Claims(ctx, paperwire.ClaimPending, adminAuditRows); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if s.discussion.comments != nil {
		p.BansOn = true
		if p.Banned, err = s.discussion.comments.BannedCommenters(ctx, adminAuditRows); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	edit(&p)
	noStore(w)
	s.render(w, r, status, "admin", p)
}

package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// adminSwitch is one thing an admin may do to an account: set a flag, named
// as the audit log records it. Self is the refusal when the admin aims it
// at their own account ("" when that is allowed).
type adminSwitch struct {
	audit string
	set   func(u *paperwire.User)
	self  string
}

// adminSwitches are the actions of POST /admin/users/{id}/{action}. An
// admin cannot lock themselves out by a slip: disabling or demoting their
// own account is refused, and another admin has to do it.
var adminSwitches = map[string]adminSwitch{
	"disable": {
		audit: "disable-user",
		set:   func(u *paperwire.User) { u.Disabled = true },
		self:  "You cannot disable your own account; another admin can.",
	},
	"enable": {
		audit: "enable-user",
		set:   func(u *paperwire.User) { u.Disabled = false },
	},
	"make-admin": {
		audit: "make-admin",
		set:   func(u *paperwire.User) { u.Admin = true },
	},
	"remove-admin": {
		audit: "remove-admin",
		set:   func(u *paperwire.User) { u.Admin = false },
		self:  "You cannot take away your own admin rights; another admin can.",
	},
}

// adminUserUpdate is POST /admin/users/{id}/{action}. Disabling also ends
// the user's sessions, so they are out at once and re-enabling does not
// bring old sign-ins back; their API tokens stop working while disabled.
func (s *Server) adminUserUpdate(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	page := formPage(r)
	sw, ok := adminSwitches[r.PathValue("action")]
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if !ok || err != nil {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no such admin action."), navLink{Label: "Admin", URL: "/admin"})
		return
	}
	if id == admin.ID && sw.self != "" {
		s.renderAdmin(w, r, admin, page, http.StatusConflict, func(p *adminPage) { p.Error = sw.self })
		return
	}
	target, err := s.changeUser(r.Context(), id, sw.set)
	if err == nil && target.Disabled {
		err = s.users.DeleteSessions(r.Context(), target.ID)
	}
	if err == nil {
		err = s.record(r, admin, sw.audit, target.Name, "")
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdmin(w, r, admin, page, st, func(p *adminPage) { p.Error = msg })
		return
	}
	http.Redirect(w, r, pageURL("/admin", page), http.StatusSeeOther)
}

// adminSubmissionRemove is POST /admin/submissions/remove: it takes a paper
// off the community's list of the day it was submitted (the paper and its
// votes stay), and records who it was submitted by.
func (s *Server) adminSubmissionRemove(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	if s.submissions == nil {
		s.fail(w, r, paperwire.Errorf(eunavailable, "This server keeps no submissions."))
		return
	}
	raw := formValue(r, "paper")
	id, _, err := paperwire.ParseArxivID(raw)
	var paper *paperwire.Paper
	if err == nil {
		paper, err = s.papers.Paper(r.Context(), id)
	}
	if err == nil && paper.SubmittedOn.IsZero() {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "Paper %s is on no day's list.", id)
	}
	if err == nil {
		err = s.submissions.RemoveSubmission(r.Context(), id)
	}
	if err == nil {
		detail := "listed on " + isoDate(paper.SubmittedOn)
		if paper.SubmittedBy != "" {
			detail += ", submitted by " + paper.SubmittedBy
		}
		err = s.record(r, admin, "remove-submission", id, detail)
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdmin(w, r, admin, formPage(r), st, func(p *adminPage) { p.Error, p.PaperID = msg, raw })
		return
	}
	s.Invalidate() // the day's list changed; this instance shows it at once
	http.Redirect(w, r, "/admin?done=removed", http.StatusSeeOther)
}

// record writes an admin action to the audit log, and to the server log
// for operators.
func (s *Server) record(r *http.Request, admin *paperwire.User, action, target, detail string) error {
	s.logger.InfoContext(r.Context(), "admin action", "admin", admin.Name, "action", action, "target", target, "detail", detail)
	if s.audit == nil {
		return nil
	}
	e := paperwire.AuditEntry{At: s.now(), ActorID: admin.ID, Actor: admin.Name, Action: action, Target: target, Detail: detail}
	if err := s.audit.Audit(r.Context(), e); err != nil {
		return fmt.Errorf("audit %s %s: %w", action, target, err)
	}
	return nil
}

// formPage is the page of the admin list a form was posted from (its
// hidden p), to go back to; 1 when absent or malformed.
func formPage(r *http.Request) int {
	if n, err := strconv.Atoi(r.PostForm.Get("p")); err == nil && n >= 1 && n <= 1_000_000 {
		return n
	}
	return 1
}

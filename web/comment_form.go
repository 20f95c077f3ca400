package web

import (
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// The paper page's discussion works without JavaScript: every button is a
// form that posts here and comes back (303) to the comment on the page.

// commentCreate is POST /papers/{id}/comments with text= and, for a reply,
// parent=.
func (s *Server) commentCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.readForm(w, r) {
		return
	}
	var parent int64
	if v := r.PostForm.Get("parent"); v != "" {
		if parent, err = strconv.ParseInt(v, 10, 64); err != nil || parent <= 0 {
			s.fail(w, r, paperwire.Errorf(paperwire.EINVALID, "A reply names the comment it answers."), backToPaper(id))
			return
		}
	}
	if s.commentLimited(w, r, u) {
		return
	}
	c, err := s.addComment(r, u, id, r.PostForm.Get("text"), parent)
	if err != nil {
		s.fail(w, r, err, backToPaper(id))
		return
	}
	http.Redirect(w, r, paperURL(id)+"#c-"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func backToPaper(id string) navLink {
	return navLink{Label: "Back to the paper", URL: paperURL(id) + "#discussion"}
}

// commentAction is POST /comments/{cid}/{action}: edit (text=) and delete
// for the comment's author; delete, hide, show, ban and unban (its author,
// from commenting) for admins. Everyone else gets 403.
func (s *Server) commentAction(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	cid, err := commentID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.readForm(w, r) {
		return
	}
	action := r.PathValue("action")
	limited := s.writeLimited
	if action == "edit" {
		limited = s.commentLimited
	}
	if limited(w, r, u) {
		return
	}
	c, err := s.discussion.comments.Comment(r.Context(), cid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := paperURL(c.PaperID) + "#c-" + strconv.FormatInt(c.ID, 10)
	switch action {
	case "edit":
		_, err = s.editComment(r, u, cid, r.PostForm.Get("text"))
	case "delete":
		_, err = s.deleteComment(r, u, cid)
		back = paperURL(c.PaperID) + "#discussion"
	case "hide", "show", "ban", "unban":
		err = s.moderate(r, u, c, action)
	default:
		err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no such comment action.")
	}
	if err != nil {
		s.fail(w, r, err, backToPaper(c.PaperID))
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// moderate is an admin's action on comment c: hide or show it, or ban or
// unban its author from commenting; each goes into the audit log.
func (s *Server) moderate(r *http.Request, admin *paperwire.User, c *paperwire.Comment, action string) error {
	if !admin.Admin {
		return paperwire.Errorf(paperwire.EFORBIDDEN, "Only admins may do that.")
	}
	ctx := r.Context()
	var err error
	switch action {
	case "hide", "show":
		err = s.discussion.comments.HideComment(ctx, c.ID, action == "hide")
		if err == nil {
			err = s.record(r, admin, action+"-comment", commentTarget(c), "")
		}
	case "ban", "unban":
		if c.UserID == 0 {
			return paperwire.Errorf(paperwire.ENOTFOUND, "The comment's author deleted their account.")
		}
		if c.UserID == admin.ID {
			return paperwire.Errorf(paperwire.ECONFLICT, "You cannot ban yourself.")
		}
		err = s.discussion.comments.BanCommenter(ctx, c.UserID, admin.ID, action == "ban")
		if err == nil {
			err = s.record(r, admin, action+"-commenter", c.UserName, "from "+commentTarget(c))
		}
	}
	return err
}

// adminUnban is POST /admin/commenters/{id}/unban, from /admin's list of
// users banned from commenting.
func (s *Server) adminUnban(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var u *paperwire.User
	if err == nil {
		u, err = s.users.User(r.Context(), id)
	} else {
		err = paperwire.Errorf(paperwire.ENOTFOUND, "No such user.")
	}
	if err == nil {
		err = s.discussion.comments.BanCommenter(r.Context(), id, admin.ID, false)
	}
	if err == nil {
		err = s.record(r, admin, "unban-commenter", u.Name, "")
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdmin(w, r, admin, 1, st, func(p *adminPage) { p.Error = msg })
		return
	}
	http.Redirect(w, r, "/admin?done=unban#bans", http.StatusSeeOther)
}

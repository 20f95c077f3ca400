package web

import (
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// authorView is one author of a paper as its page shows it: a link to the
// author's page, the verified user if a claim was approved, and what the
// reader may do about it.
type authorView struct {
	Name      string
	URL       string
	Position  int
	User      string // the verified user, if any
	UserURL   string
	Pending   bool // the reader's own claim awaits an admin
	Claimable bool // the reader may claim this entry
}

// paperAuthors lists p's authors for its page, with their claims. A failed
// claim lookup only costs the marks.
func (s *Server) paperAuthors(r *http.Request, p *paperwire.Paper) []authorView {
	out := make([]authorView, len(p.Authors))
	viewer := Viewer(r)
	for i, a := range p.Authors {
		out[i] = authorView{Name: a, Position: i, Claimable: viewer != nil && s.users != nil}
		if s.discussion.authors != nil {
			out[i].URL = authorURL(a)
		}
	}
	if s.discussion.authors == nil {
		return out
	}
	claims, err := s.discussion.authors.PaperClaims(r.Context(), p.ID)
	if err != nil {
		s.logger.Warn("claims failed", "paper_id", p.ID, "error", err)
		return out
	}
	for _, c := range claims {
		if c.Position >= len(out) {
			continue
		}
		a := &out[c.Position]
		switch {
		case c.Status == paperwire.ClaimVerified:
			a.User, a.UserURL, a.Claimable = c.UserName, userURL(c.UserName), false
		case viewer != nil && c.UserID == viewer.ID:
			a.Pending, a.Claimable = c.Status == paperwire.ClaimPending, false
		}
	}
	return out
}

// claimable says whether any author of the page can still be claimed by its reader.
func claimable(authors []authorView) bool {
	for _, a := range authors {
		if a.Claimable {
			return true
		}
	}
	return false
}

// addClaims puts the verified claims of a paper into its API authors,
// in Hugging Face's fields.
func (s *Server) addClaims(r *http.Request, a *apiPaper) {
	if s.discussion.authors == nil {
		return
	}
	claims, err := s.discussion.authors.PaperClaims(r.Context(), a.ID)
	if err != nil {
		s.logger.Warn("claims failed", "paper_id", a.ID, "error", err)
		return
	}
	for _, c := range claims {
		if c.Status != paperwire.ClaimVerified || c.Position >= len(a.Authors) {
			continue
		}
		at := hfTime(c.DecidedAt)
		au := &a.Authors[c.Position]
		au.User, au.Status, au.StatusLastChangedAt, au.Hidden = apiUserOf(c.UserName), "claimed_verified", &at, c.Hidden
	}
}

// claimCreate is POST /papers/{id}/claims with position= (0-based): the
// signed-in reader claims to be that author. An admin decides on /admin.
func (s *Server) claimCreate(w http.ResponseWriter, r *http.Request) {
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
	pos, err := strconv.Atoi(r.PostForm.Get("position"))
	if err != nil {
		s.fail(w, r, paperwire.Errorf(paperwire.EINVALID, "Choose which author you are."), backToPaper(id))
		return
	}
	if _, err := s.discussion.authors.ClaimAuthor(r.Context(), u.ID, id, pos); err != nil {
		s.fail(w, r, err, backToPaper(id))
		return
	}
	http.Redirect(w, r, paperURL(id)+"#authors", http.StatusSeeOther)
}

// claimAction is POST /claims/{cid}/{action}: hide or show the claimed
// paper on the claimant's profile (the claimant only), or withdraw the
// claim (the claimant or an admin). Back to the claimant's papers.
func (s *Server) claimAction(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "No such claim."))
		return
	}
	if !s.readForm(w, r) || s.writeLimited(w, r, u) {
		return
	}
	ctx := r.Context()
	switch r.PathValue("action") {
	case "hide", "show":
		err = s.discussion.authors.SetClaimHidden(ctx, u.ID, cid, r.PathValue("action") == "hide")
	case "withdraw":
		err = s.discussion.authors.WithdrawClaim(ctx, u, cid)
	default:
		err = paperwire.Errorf(paperwire.ENOTFOUND, "There is no such claim action.")
	}
	if err != nil {
		s.fail(w, r, err, navLink{Label: "Your papers", URL: userURL(u.Name) + "/papers"})
		return
	}
	http.Redirect(w, r, userURL(u.Name)+"/papers", http.StatusSeeOther)
}

// adminClaimDecide is POST /admin/claims/{cid}/approve|refuse, for admins
// signed in on the site; recorded in the audit log.
func (s *Server) adminClaimDecide(w http.ResponseWriter, r *http.Request) {
	admin := s.adminViewer(w, r)
	if admin == nil || !s.readForm(w, r) || s.writeLimited(w, r, admin) {
		return
	}
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	action := r.PathValue("action")
	if err != nil || (action != "approve" && action != "refuse") {
		s.fail(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "There is no such admin action."), navLink{Label: "Admin", URL: "/admin"})
		return
	}
	ctx := r.Context()
	c, err := s.discussion.authors.Claim(ctx, cid)
	if err == nil {
		err = s.discussion.authors.DecideClaim(ctx, cid, action == "approve")
	}
	if err == nil {
		err = s.record(r, admin, action+"-claim", c.UserName+" as "+c.Name+" on "+c.PaperID, "")
	}
	if err != nil {
		st, msg := formError(r, err)
		s.renderAdmin(w, r, admin, 1, st, func(p *adminPage) { p.Error = msg })
		return
	}
	http.Redirect(w, r, "/admin?done=claim#claims", http.StatusSeeOther)
}

package web

import (
	"net/http"
	"strconv"

	"github.com/paperwire/paperwire"
)

// apiClaim is an authorship claim in the API.
type apiClaim struct {
	ID        int64  `json:"id"`
	PaperID   string `json:"paperId"`
	Position  int    `json:"position"` // 0-based, in the paper's authors
	Name      string `json:"name"`
	User      string `json:"user"`
	Status    string `json:"status"` // pending, verified or refused
	Hidden    bool   `json:"hidden"`
	CreatedAt hfTime `json:"createdAt"`
}

func apiClaimOf(c *paperwire.AuthorClaim) apiClaim {
	return apiClaim{ID: c.ID, PaperID: c.PaperID, Position: c.Position, Name: c.Name, User: c.UserName,
		Status: c.Status, Hidden: c.Hidden, CreatedAt: hfTime(c.CreatedAt)}
}

// apiClaimCreate is POST /api/papers/{id}/claims with {"position": N}: the
// token's user claims that author entry; 201 with the pending claim, 409
// when they claimed it already or someone's claim on it is verified.
func (s *Server) apiClaimCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := upvoteID(r)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	var body struct {
		Position *int `json:"position"`
	}
	if err := readJSONBody(w, r, &body); err != nil {
		s.failJSON(w, r, err)
		return
	}
	if body.Position == nil {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, `Send {"position": N}, the author's place in the list from 0.`))
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	c, err := s.discussion.authors.ClaimAuthor(r.Context(), u.ID, id, *body.Position)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/claims/"+strconv.FormatInt(c.ID, 10))
	s.writeJSON(w, r, http.StatusCreated, apiClaimOf(c))
}

// apiClaimDelete is DELETE /api/claims/{cid}: 204 for the claimant or an
// admin, 403 for anyone else, 404 for no such claim.
func (s *Server) apiClaimDelete(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	cid, err := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	if err != nil {
		s.failJSON(w, r, paperwire.Errorf(paperwire.ENOTFOUND, "No such claim."))
		return
	}
	if s.writeLimited(w, r, u) {
		return
	}
	if err := s.discussion.authors.WithdrawClaim(r.Context(), u, cid); err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// apiPaperShow answers GET /api/papers/{id} with HF's paper object. Any
// spelling ParseArxivID accepts works, versioned ids included.
func (s *Server) apiPaperShow(w http.ResponseWriter, r *http.Request) {
	id, _, err := paperwire.ParseArxivID(r.PathValue("id"))
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	p, err := s.papers.Paper(r.Context(), id)
	if err != nil {
		if paperwire.ErrorCode(err) == paperwire.ENOTFOUND {
			err = paperwire.Errorf(paperwire.ENOTFOUND, "paper %s not found", id)
		}
		s.failJSON(w, r, err)
		return
	}
	a := apiPaperOf(p)
	s.addClaims(r, &a)
	s.writeJSON(w, r, http.StatusOK, a)
}

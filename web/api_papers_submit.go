package web

import (
	"net/http"
	"strings"

	"github.com/paperwire/paperwire"
)

// submitRequest is the body of POST /api/papers/submit, Hugging Face's shape.
type submitRequest struct {
	PaperID string `json:"paper_id"`
}

// apiConflict answers a duplicate submission: the error, and the page of
// the paper already on a list (a path on this server).
type apiConflict struct {
	Error string `json:"error"`
	URL   string `json:"url"`
}

// apiPapersSubmit answers POST /api/papers/submit {"paper_id": "2501.01234"}
// (an id or an arXiv link): 201 with the paper, as GET /api/papers/{id}
// shows it, now on today's list. The rules and their refusals are submit's;
// a duplicate is 409 with the paper's URL.
func (s *Server) apiPapersSubmit(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil || s.limited(w, r, s.limits.submit, s.clientAddr(r)) {
		return
	}
	var req submitRequest
	if err := readJSONBody(w, r, &req); err != nil {
		s.failJSON(w, r, err)
		return
	}
	if strings.TrimSpace(req.PaperID) == "" {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, `Missing paper_id: send {"paper_id": "2501.01234"}.`))
		return
	}
	p, err := s.submit(r, u, req.PaperID)
	if paperwire.ErrorCode(err) == paperwire.ECONFLICT && p != nil {
		noteError(r, err)
		s.writeJSON(w, r, http.StatusConflict, apiConflict{Error: paperwire.ErrorMessage(err), URL: paperURL(p.ID)})
		return
	} else if err != nil {
		s.failJSON(w, r, err)
		return
	}
	w.Header().Set("Location", "/api"+paperURL(p.ID))
	s.writeJSON(w, r, http.StatusCreated, apiPaperOf(p))
}

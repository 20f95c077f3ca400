package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/paperwire/paperwire"
)

// apiPapersSearch answers GET /api/papers/search?q=&limit= with an array of
// HF daily-paper items, best match first; 503 when search is not configured.
func (s *Server) apiPapersSearch(w http.ResponseWriter, r *http.Request) {
	if s.searcher == nil {
		s.failJSON(w, r, errSearchUnavailable)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, "missing q: the search query"))
		return
	}
	limit := apiDefaultLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiMaxLimit {
			s.failJSON(w, r, paperwire.Errorf(paperwire.EINVALID, "invalid limit %q: expected 1 to %d", clipText(v, 40), apiMaxLimit))
			return
		}
		limit = n
	}
	res, err := s.search(r.Context(), SearchRequest{Query: q, Limit: limit, TopOnly: true})
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	items := apiDailyPapers{}
	for _, h := range res.Hits {
		if h.Paper != nil {
			items = append(items, apiDailyPaperOf(h.Paper, false))
		}
	}
	s.writeJSON(w, r, http.StatusOK, items)
}

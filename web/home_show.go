package web

import (
	"net/http"
)

// homeShow shows the latest day that has papers, announced or picked (see
// latestDay), at "/" so the newest list is one click from anywhere. Its
// filter and page links stay on "/" until the user picks another day.
func (s *Server) homeShow(w http.ResponseWriter, r *http.Request) {
	day, ok, err := s.latestDay(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		p := s.page(r, "Daily Papers")
		p.Section = "papers"
		s.render(w, r, http.StatusOK, "welcome", p)
		return
	}
	s.showList(w, r, dayPeriod(day), "/")
}

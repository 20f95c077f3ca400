package web

import (
	"net/http"
)

// homeShow shows the latest day that has papers, at "/" so the newest list is
// one click from anywhere. Its filter and page links stay on "/" until the
// user picks another day.
func (s *Server) homeShow(w http.ResponseWriter, r *http.Request) {
	days, err := s.days.Days(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	day, ok := latest(days)
	if !ok {
		p := s.page(r, "Daily Papers")
		p.Section = "papers"
		s.render(w, r, http.StatusOK, "welcome", p)
		return
	}
	s.showList(w, r, dayPeriod(day), "/")
}

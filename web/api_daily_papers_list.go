package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// apiDailyPapersList answers GET /api/daily_papers like Hugging Face: a JSON
// array of daily-paper items for a date, week or month (default: the latest
// day with papers), an empty array past the last page.
func (s *Server) apiDailyPapersList(w http.ResponseWriter, r *http.Request) {
	dq, err := parseDailyQuery(r.URL.Query())
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	items := []apiDailyPaper{}
	if !dq.HasPeriod {
		days, err := s.days.Days(r.Context())
		if err != nil {
			s.failJSON(w, r, err)
			return
		}
		day, ok := latest(days)
		if !ok {
			s.writeJSON(w, r, http.StatusOK, items)
			return
		}
		dq.Period = paperwire.Day(day)
	}
	papers, _, err := s.papers.Papers(r.Context(), paperwire.PaperFilter{
		From: dq.Period.Start, To: dq.Period.End, Sort: dq.Sort,
		Offset: dq.Page * dq.Limit, Limit: dq.Limit,
	})
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	for _, p := range papers {
		items = append(items, apiDailyPaperOf(p))
	}
	s.writeJSON(w, r, http.StatusOK, items)
}

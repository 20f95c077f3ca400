package web

import (
	"net/http"

	"github.com/paperwire/paperwire"
)

// apiDailyPapersList answers GET /api/daily_papers like Hugging Face: a JSON
// array of daily-paper items for a date, week or month (default: the latest
// day with papers or picks), an empty array past the last page.
//
// Which list is the pages' rule (list_picks.go): the period's community
// picks when it has any, else everything announced; list=picks|all asks
// for one. The X-Paperwire-List header says which was answered, since HF's
// array has no room for it. submitter=NAME gives that user's picks, of the
// period when one is named, else of all time.
func (s *Server) apiDailyPapersList(w http.ResponseWriter, r *http.Request) {
	dq, err := parseDailyQuery(r.URL.Query())
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	ctx := r.Context()
	items := apiDailyPapers{}
	f := paperwire.PaperFilter{Sort: dq.Sort, Submitter: dq.Submitter, Now: s.now(), Offset: dq.Page * dq.Limit, Limit: dq.Limit}
	switch {
	case dq.Submitter != "":
		f.Picks = true
		if dq.HasPeriod {
			f.From, f.To = dq.Period.Start, dq.Period.End
		}
	default:
		if !dq.HasPeriod {
			day, ok, err := s.latestDay(ctx)
			if err != nil {
				s.failJSON(w, r, err)
				return
			}
			if !ok {
				s.writeJSON(w, r, http.StatusOK, items)
				return
			}
			dq.Period = paperwire.Day(day)
		}
		choice, err := s.chooseList(ctx, dq.Period, dq.List)
		if err != nil {
			s.failJSON(w, r, err)
			return
		}
		f.From, f.To, f.Picks = dq.Period.Start, dq.Period.End, choice.Picks
	}
	papers, _, err := s.papers.Papers(ctx, f)
	if err != nil {
		s.failJSON(w, r, err)
		return
	}
	for _, p := range papers {
		items = append(items, apiDailyPaperOf(p, f.Picks))
	}
	list := listAll
	if f.Picks {
		list = listPicks
	}
	w.Header().Set("X-Paperwire-List", list)
	s.writeJSON(w, r, http.StatusOK, items)
}

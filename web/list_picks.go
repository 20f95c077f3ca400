package web

import (
	"context"
	"time"

	"github.com/paperwire/paperwire"
)

// The two lists of a day, week or month. The community's picks are the
// papers people submitted, grouped by the day they were submitted: what
// Hugging Face's Daily Papers shows. Everything is all arXiv announced,
// grouped by announcement day. ?list= picks one; without it a period shows
// its picks when it has any and everything otherwise, saying so, so that a
// fresh install (or a quiet day) never greets people with an empty page.
const (
	listAuto  = ""
	listPicks = "picks"
	listAll   = "all"
)

// maxPicksScan bounds the picks read at once to count their categories or
// find one of them: far more than a period's picks on any instance.
const maxPicksScan = 1000

// listChoice is which list a period shows, and why.
type listChoice struct {
	Picks      bool // the community's picks, not everything
	PicksTotal int  // picks in the period, all categories
	FellBack   bool // no list was asked for and the period has no picks
}

// chooseList resolves the list asked for (listAuto, listPicks or listAll)
// for per, counting its picks in one query.
func (s *Server) chooseList(ctx context.Context, per paperwire.Period, asked string) (listChoice, error) {
	_, n, err := s.papers.Papers(ctx, paperwire.PaperFilter{From: per.Start, To: per.End, Picks: true, Limit: 1})
	if err != nil {
		return listChoice{}, err
	}
	c := listChoice{PicksTotal: n, Picks: asked == listPicks || asked == listAuto && n > 0}
	c.FellBack = asked == listAuto && n == 0
	return c, nil
}

// pickCategoryCounts counts the categories of per's picks, for the chips
// of the picks list. page is the page of picks already read; when it holds
// them all (no category filter, one page) no query is needed.
func (s *Server) pickCategoryCounts(ctx context.Context, per paperwire.Period, page []*paperwire.Paper, complete bool) ([]paperwire.CategoryCount, error) {
	picks := page
	if !complete {
		var err error
		picks, _, err = s.papers.Papers(ctx, paperwire.PaperFilter{From: per.Start, To: per.End, Picks: true, Limit: maxPicksScan})
		if err != nil {
			return nil, err
		}
	}
	counts := map[string]int{}
	for _, p := range picks {
		for _, c := range p.Categories {
			counts[c]++
		}
	}
	return paperwire.SortedCategoryCounts(counts), nil
}

// listTabs are the links between the two lists of a period. Switching keeps
// the sort and starts over at page one of all categories.
func listTabs(lp listParams, base string, c listChoice, announced int) []navLink {
	picks, all := lp, lp
	picks.List, picks.Category, picks.Page = listPicks, "", 1
	all.List, all.Category, all.Page = listAll, "", 1
	return []navLink{
		{Label: "Community picks", URL: picks.url(base), Count: c.PicksTotal, Current: c.Picks},
		{Label: "All papers", URL: all.url(base), Count: announced, Current: !c.Picks},
	}
}

// latestDay is the day "/" and the API show by default: the newest day that
// has papers announced or picked, so today's first submissions show on the
// home page before arXiv's next announcement.
func (s *Server) latestDay(ctx context.Context) (time.Time, bool, error) {
	days, err := s.days.Days(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	day, ok := latest(days)
	newest, _, err := s.papers.Papers(ctx, paperwire.PaperFilter{Picks: true, Limit: 1})
	if err != nil {
		return time.Time{}, false, err
	}
	if len(newest) > 0 && newest[0].SubmittedOn.After(day) {
		return newest[0].SubmittedOn, true, nil
	}
	return day, ok, nil
}

package web

import (
	"context"
	"net/url"
	"strings"

	"github.com/paperwire/paperwire"
)

// relocateScan bounds how far down a list relocate looks for a card; a
// list longer than this (a busy month) is sent back to the page asked for.
const relocateScan = 10000

// relocate returns the address of the page of next's list that holds paper
// id now. Lists order a day's papers by upvotes, so an upvote can move a
// card to the page before and taking one back to the page after; without
// JavaScript the reader would come back to a page without the card they
// voted on. Only day, week and month lists (and "/") are followed; other
// pages, or a card not found, keep next as it is.
func (s *Server) relocate(ctx context.Context, next, id string) string {
	u, err := url.Parse(next)
	if err != nil {
		return next
	}
	per, ok := s.listPeriod(ctx, u.Path)
	if !ok {
		return next
	}
	lp, err := parseListParams(u.Query())
	if err != nil {
		return next
	}
	choice, err := s.chooseList(ctx, per, lp.List)
	if err != nil {
		return next
	}
	for offset := 0; offset < relocateScan; offset += 1000 {
		papers, total, err := s.papers.Papers(ctx, paperwire.PaperFilter{From: per.Start, To: per.End, Category: lp.Category,
			Sort: lp.Sort, Picks: choice.Picks, Now: s.now(), Offset: offset, Limit: 1000})
		if err != nil {
			return next
		}
		for i, p := range papers {
			if p.ID == id {
				lp.Page = (offset+i)/s.pageSize + 1
				return lp.url(u.Path)
			}
		}
		if offset+len(papers) >= total || len(papers) == 0 {
			break
		}
	}
	return next
}

// listPeriod is the period a list page's path shows: "/" is the newest day.
func (s *Server) listPeriod(ctx context.Context, path string) (paperwire.Period, bool) {
	if path == "/" {
		day, ok, err := s.latestDay(ctx)
		return dayPeriod(day), ok && err == nil
	}
	for _, kind := range []string{paperwire.PeriodDay, paperwire.PeriodWeek, paperwire.PeriodMonth} {
		prefix := "/papers/" + kind + "/"
		if v, ok := strings.CutPrefix(path, prefix); ok {
			per, err := paperwire.ParsePeriod(kind, v)
			return per, err == nil
		}
	}
	return paperwire.Period{}, false
}

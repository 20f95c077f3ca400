package web

import (
	"net/url"
	"strconv"

	"github.com/paperwire/paperwire"
)

// Limits of GET /api/daily_papers.
const (
	apiDefaultLimit = 50
	apiMaxLimit     = 100
	// apiMaxPage bounds p so that p*limit cannot overflow; any page past the
	// data is answered with an empty list anyway.
	apiMaxPage = 10_000_000
)

// dailyQuery is a parsed GET /api/daily_papers request.
type dailyQuery struct {
	Period    paperwire.Period
	HasPeriod bool // false: the latest day with papers
	Page      int  // 0-based, as on Hugging Face
	Limit     int
	Sort      string
	List      string // listAuto, listPicks or listAll, as on the pages
	Submitter string // only the picks this user submitted
}

// maxSubmitterLen bounds submitter=: user names have at most 32 characters,
// imported Hugging Face names a few more.
const maxSubmitterLen = 96

// parseDailyQuery reads date|week|month, p, limit, sort, list and
// submitter. Every mistake is EINVALID with a message naming the parameter
// and the form it takes.
func parseDailyQuery(q url.Values) (dailyQuery, error) {
	dq := dailyQuery{Limit: apiDefaultLimit, Sort: paperwire.SortPublished}
	given := 0
	for _, kind := range []string{paperwire.PeriodDay, paperwire.PeriodWeek, paperwire.PeriodMonth} {
		v := q.Get(kind)
		if v == "" {
			continue
		}
		given++
		per, err := paperwire.ParsePeriod(kind, v)
		if err != nil {
			return dq, err
		}
		dq.Period, dq.HasPeriod = per, true
	}
	if given > 1 {
		return dq, paperwire.Errorf(paperwire.EINVALID, "give only one of date, week or month")
	}
	if v := q.Get("p"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return dq, paperwire.Errorf(paperwire.EINVALID, "invalid p %q: expected a page number from 0", clipText(v, 40))
		}
		dq.Page = min(n, apiMaxPage)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiMaxLimit {
			return dq, paperwire.Errorf(paperwire.EINVALID, "invalid limit %q: expected 1 to %d", clipText(v, 40), apiMaxLimit)
		}
		dq.Limit = n
	}
	switch v := q.Get("sort"); v {
	case "", paperwire.SortPublished:
	case paperwire.SortTrending, paperwire.SortUpvotes:
		dq.Sort = v
	default:
		return dq, paperwire.Errorf(paperwire.EINVALID, "invalid sort %q: expected publishedAt, trending or upvotes", clipText(v, 40))
	}
	switch dq.List = q.Get("list"); dq.List {
	case listAuto, listPicks, listAll:
	default:
		return dq, paperwire.Errorf(paperwire.EINVALID, "invalid list %q: expected picks or all", clipText(dq.List, 40))
	}
	if dq.Submitter = q.Get("submitter"); len(dq.Submitter) > maxSubmitterLen {
		return dq, paperwire.Errorf(paperwire.EINVALID, "invalid submitter: a user name has at most %d characters", maxSubmitterLen)
	}
	if dq.Submitter != "" && dq.List == listAll {
		return dq, paperwire.Errorf(paperwire.EINVALID, "submitter selects community picks: leave out list=all")
	}
	return dq, nil
}

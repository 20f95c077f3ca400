package web

import (
	"net/url"
	"testing"

	"github.com/paperwire/paperwire"
)

// FuzzParseDailyQuery checks the parser alone, fast: it never panics, every
// error is EINVALID, and every accepted query is within the documented bounds.
func FuzzParseDailyQuery(f *testing.F) {
	for _, seed := range []string{
		"", "date=2026-07-01", "week=2026-W27&p=3&limit=100", "month=2026-06&sort=trending", "limit=0",
		"p=99999999999999999999", "date=2026-07-01&month=2026-07", "week=2026-W53", "p=-0", "limit=%2B1",
		"list=picks", "list=all&sort=upvotes", "submitter=ada&list=all", "list=Picks",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		dq, err := parseDailyQuery(q)
		if err != nil {
			if paperwire.ErrorCode(err) != paperwire.EINVALID || paperwire.ErrorMessage(err) == "" {
				t.Fatalf("%q: error %v is not EINVALID with a message", raw, err)
			}
			return
		}
		if dq.Limit < 1 || dq.Limit > apiMaxLimit || dq.Page < 0 || dq.Page > apiMaxPage {
			t.Fatalf("%q: out of bounds %+v", raw, dq)
		}
		if dq.Sort != paperwire.SortPublished && dq.Sort != paperwire.SortTrending && dq.Sort != paperwire.SortUpvotes {
			t.Fatalf("%q: sort %q", raw, dq.Sort)
		}
		if dq.List != listAuto && dq.List != listPicks && dq.List != listAll || len(dq.Submitter) > maxSubmitterLen {
			t.Fatalf("%q: list %q, submitter %q", raw, dq.List, dq.Submitter)
		}
		if dq.HasPeriod && !dq.Period.Start.Before(dq.Period.End) {
			t.Fatalf("%q: empty period %+v", raw, dq.Period)
		}
		if off := dq.Page * dq.Limit; off < 0 {
			t.Fatalf("%q: offset overflow", raw)
		}
	})
}

package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/paperwire/paperwire"
)

// Period is what one digest covers: a listing day (daily) or an ISO week
// (weekly). Its Key names it in outbox keys, so a digest is queued once per
// subscriber per period.
type Period struct {
	Frequency string // paperwire.FrequencyDaily or FrequencyWeekly
	paperwire.Period
}

// Key is "daily:2026-12-01" or "weekly:2026-W49".
func (p Period) Key() string { return p.Frequency + ":" + p.String() }

// Latest returns the period of frequency that holds the newest listing day
// at or before now: the day arXiv last announced, or its week.
func Latest(ctx context.Context, papers paperwire.PaperService, frequency string, now time.Time) (Period, error) {
	if frequency != paperwire.FrequencyDaily && frequency != paperwire.FrequencyWeekly {
		return Period{}, paperwire.Errorf(paperwire.EINVALID, "period %q: want daily or weekly", frequency)
	}
	days, err := papers.Days(ctx)
	if err != nil {
		return Period{}, err
	}
	today := paperwire.Day(now).Start
	for _, d := range days {
		if d.Day.After(today) {
			continue
		}
		if frequency == paperwire.FrequencyDaily {
			return Period{Frequency: frequency, Period: paperwire.Day(d.Day)}, nil
		}
		return Period{Frequency: frequency, Period: paperwire.Week(d.Day)}, nil
	}
	return Period{}, paperwire.Errorf(paperwire.ENOTFOUND, "No papers are listed yet, so there is nothing to send.")
}

// Label is how the period reads in a subject line.
func (p Period) Label() string {
	if p.Frequency == paperwire.FrequencyWeekly {
		return fmt.Sprintf("the week of %s", p.Start.Format("Jan 2, 2006"))
	}
	return p.Start.Format("Mon, Jan 2, 2006")
}

// Due reports whether sub's digest for p may go out at now: at or after
// the subscriber's send hour, in its time zone, on the period's day (daily)
// or from the Saturday that ends its week (weekly). A period more than a
// week old is never due: a digest that late is news no more.
func (p Period) Due(sub *paperwire.Subscriber, now time.Time) bool {
	loc, err := time.LoadLocation(sub.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	first := p.Start
	if p.Frequency == paperwire.FrequencyWeekly {
		first = p.Start.AddDate(0, 0, 5) // Saturday
	}
	if now.Sub(first) > 8*24*time.Hour {
		return false
	}
	local := now.In(loc)
	from := time.Date(first.Year(), first.Month(), first.Day(), sub.SendHour, 0, 0, 0, loc)
	return !local.Before(from)
}

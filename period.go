package paperwire

import (
	"fmt"
	"time"
)

// Period kinds: the three views of the daily list.
const (
	PeriodDay   = "date"
	PeriodWeek  = "week"
	PeriodMonth = "month"
)

// Dates outside these years are refused as absurd: arXiv started in 1991.
const (
	minYear = 1991
	maxYear = 2199
)

// Period is a day, an ISO week or a month of listings: [Start, End) in UTC.
type Period struct {
	Kind  string
	Start time.Time
	End   time.Time
}

// Day returns the one-day period that contains t.
func Day(t time.Time) Period {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return Period{Kind: PeriodDay, Start: d, End: d.AddDate(0, 0, 1)}
}

// Week returns the ISO week (Monday to Sunday) that contains t.
func Week(t time.Time) Period {
	d := Day(t).Start
	offset := (int(d.Weekday()) + 6) % 7 // days since Monday
	start := d.AddDate(0, 0, -offset)
	return Period{Kind: PeriodWeek, Start: start, End: start.AddDate(0, 0, 7)}
}

// Month returns the calendar month that contains t.
func Month(t time.Time) Period {
	start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: PeriodMonth, Start: start, End: start.AddDate(0, 1, 0)}
}

// ParsePeriod parses "2026-07-01" (date), "2026-W27" (week) or "2026-07" (month)
// for the given kind. Returns EINVALID with a message naming the expected form.
func ParsePeriod(kind, s string) (Period, error) {
	switch kind {
	case PeriodDay:
		t, err := time.Parse("2006-01-02", s)
		if err != nil || !sane(t) {
			return Period{}, Errorf(EINVALID, "invalid date %q: expected YYYY-MM-DD", clip(s))
		}
		return Day(t), nil
	case PeriodWeek:
		var y, w int
		var rest string
		n, _ := fmt.Sscanf(s+"|", "%4d-W%2d%s", &y, &w, &rest)
		if n != 3 || rest != "|" || len(s) != 8 || w < 1 || w > isoWeeksIn(y) || y < minYear || y > maxYear {
			return Period{}, Errorf(EINVALID, "invalid week %q: expected YYYY-Www, e.g. 2026-W27", clip(s))
		}
		// ISO week 1 is the week with January 4th in it.
		return Week(time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(w-1))), nil
	case PeriodMonth:
		t, err := time.Parse("2006-01", s)
		if err != nil || !sane(t) {
			return Period{}, Errorf(EINVALID, "invalid month %q: expected YYYY-MM", clip(s))
		}
		return Month(t), nil
	}
	return Period{}, Errorf(EINVALID, "unknown period %q: expected date, week or month", clip(kind))
}

func sane(t time.Time) bool { return t.Year() >= minYear && t.Year() <= maxYear }

// isoWeeksIn returns 52 or 53: the number of ISO weeks in year y.
func isoWeeksIn(y int) int {
	_, w := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// String formats the period the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case PeriodWeek:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case PeriodMonth:
		return p.Start.Format("2006-01")
	}
	return p.Start.Format("2006-01-02")
}

// Label is a heading for people: "July 1, 2026", "Week 27, 2026", "July 2026".
func (p Period) Label() string {
	switch p.Kind {
	case PeriodWeek:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("Week %d, %d", w, y)
	case PeriodMonth:
		return p.Start.Format("January 2006")
	}
	return p.Start.Format("January 2, 2006")
}

// Prev returns the period of the same kind just before p.
func (p Period) Prev() Period { return p.shift(-1) }

// Next returns the period of the same kind just after p.
func (p Period) Next() Period { return p.shift(1) }

func (p Period) shift(n int) Period {
	switch p.Kind {
	case PeriodWeek:
		return Week(p.Start.AddDate(0, 0, 7*n))
	case PeriodMonth:
		return Month(p.Start.AddDate(0, n, 0))
	}
	return Day(p.Start.AddDate(0, 0, n))
}

// As returns the period of another kind that contains p's start.
func (p Period) As(kind string) Period {
	switch kind {
	case PeriodWeek:
		return Week(p.Start)
	case PeriodMonth:
		return Month(p.Start)
	}
	return Day(p.Start)
}

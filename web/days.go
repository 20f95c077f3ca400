package web

import (
	"context"
	"sync"
	"time"

	"github.com/paperwire/paperwire"
)

// dayCache keeps the list of days that have papers for a few seconds. Every
// list page needs it (latest day, previous/next links), and it changes only
// when an import lands, so reading it once per request would be waste.
type dayCache struct {
	papers paperwire.PaperService
	now    paperwire.Clock
	ttl    time.Duration

	mu      sync.Mutex
	days    []paperwire.DayCount
	fetched time.Time
}

// invalidate forgets the list, so the next request reads the store.
func (c *dayCache) invalidate() {
	c.mu.Lock()
	c.days = nil
	c.mu.Unlock()
}

func newDayCache(p paperwire.PaperService, now paperwire.Clock, ttl time.Duration) *dayCache {
	return &dayCache{papers: p, now: now, ttl: ttl}
}

// Days returns the days with papers, newest first. The slice is shared: do not modify it.
func (c *dayCache) Days(ctx context.Context) ([]paperwire.DayCount, error) {
	if c.ttl < 0 {
		return c.papers.Days(ctx)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.days != nil && now.Sub(c.fetched) < c.ttl && !now.Before(c.fetched) {
		return c.days, nil
	}
	days, err := c.papers.Days(ctx)
	if err != nil {
		return nil, err
	}
	if days == nil {
		days = []paperwire.DayCount{}
	}
	c.days, c.fetched = days, now
	return days, nil
}

// latest returns the newest day that has papers, if any.
func latest(days []paperwire.DayCount) (time.Time, bool) {
	if len(days) == 0 {
		return time.Time{}, false
	}
	return days[0].Day, true
}

// neighbours returns the nearest days with papers before p.Start and at or
// after p.End, so navigation skips weekends and gaps instead of landing on
// empty pages. Either may be zero when there is none.
func neighbours(days []paperwire.DayCount, p paperwire.Period) (before, after time.Time) {
	// days is newest first.
	for _, d := range days {
		day := d.Day.UTC()
		if !day.Before(p.End) {
			after = day
			continue
		}
		if day.Before(p.Start) {
			before = day
			break
		}
	}
	return before, after
}

// countIn sums the papers listed within p.
func countIn(days []paperwire.DayCount, p paperwire.Period) int {
	n := 0
	for _, d := range days {
		day := d.Day.UTC()
		if !day.Before(p.Start) && day.Before(p.End) {
			n += d.Count
		}
	}
	return n
}

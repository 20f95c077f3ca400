package paperwire_test

import (
	"testing"

	"github.com/paperwire/paperwire"
)

func TestParsePeriod(t *testing.T) {
	cases := []struct {
		kind, in        string
		start, end      string
		ok              bool
		prev, next, lbl string
	}{
		{paperwire.PeriodDay, "2026-07-01", "2026-07-01", "2026-07-02", true, "2026-06-30", "2026-07-02", "July 1, 2026"},
		{paperwire.PeriodWeek, "2026-W27", "2026-06-29", "2026-07-06", true, "2026-W26", "2026-W28", "Week 27, 2026"},
		{paperwire.PeriodWeek, "2020-W53", "2020-12-28", "2021-01-04", true, "2020-W52", "2021-W01", "Week 53, 2020"},
		{paperwire.PeriodWeek, "2025-W01", "2024-12-30", "2025-01-06", true, "2024-W52", "2025-W02", "Week 1, 2025"},
		{paperwire.PeriodMonth, "2026-12", "2026-12-01", "2027-01-01", true, "2026-11", "2027-01", "December 2026"},
		{paperwire.PeriodDay, "2026-02-30", "", "", false, "", "", ""},
		{paperwire.PeriodDay, "26-07-01", "", "", false, "", "", ""},
		{paperwire.PeriodDay, "0001-01-01", "", "", false, "", "", ""},
		{paperwire.PeriodDay, "9999-01-01", "", "", false, "", "", ""},
		{paperwire.PeriodWeek, "2026-W54", "", "", false, "", "", ""},
		{paperwire.PeriodWeek, "2025-W53", "", "", false, "", "", ""}, // 2025 has 52 ISO weeks
		{paperwire.PeriodWeek, "2026-W00", "", "", false, "", "", ""},
		{paperwire.PeriodWeek, "2026-W1", "", "", false, "", "", ""},
		{paperwire.PeriodWeek, "2026-W011", "", "", false, "", "", ""},
		{paperwire.PeriodMonth, "2026-13", "", "", false, "", "", ""},
		{"year", "2026", "", "", false, "", "", ""},
	}
	for _, c := range cases {
		p, err := paperwire.ParsePeriod(c.kind, c.in)
		if c.ok != (err == nil) {
			t.Errorf("ParsePeriod(%s, %q) err = %v, want ok=%v", c.kind, c.in, err, c.ok)
			continue
		}
		if !c.ok {
			if paperwire.ErrorCode(err) != paperwire.EINVALID {
				t.Errorf("ParsePeriod(%s, %q) code = %s", c.kind, c.in, paperwire.ErrorCode(err))
			}
			continue
		}
		if got := p.Start.Format("2006-01-02"); got != c.start {
			t.Errorf("%s start = %s, want %s", c.in, got, c.start)
		}
		if got := p.End.Format("2006-01-02"); got != c.end {
			t.Errorf("%s end = %s, want %s", c.in, got, c.end)
		}
		if p.String() != c.in || p.Prev().String() != c.prev || p.Next().String() != c.next || p.Label() != c.lbl {
			t.Errorf("%s: string %s prev %s next %s label %q", c.in, p, p.Prev(), p.Next(), p.Label())
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-07-01", "2026-W27", "2026-07", "2020-W53"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []string{paperwire.PeriodDay, paperwire.PeriodWeek, paperwire.PeriodMonth} {
			p, err := paperwire.ParsePeriod(kind, s)
			if err != nil {
				continue
			}
			if !p.End.After(p.Start) {
				t.Fatalf("%s %q: empty period %v", kind, s, p)
			}
			// What String prints parses back to the same period.
			q, err := paperwire.ParsePeriod(kind, p.String())
			if err != nil || !q.Start.Equal(p.Start) {
				t.Fatalf("%s %q: round trip %q failed: %v", kind, s, p.String(), err)
			}
		}
	})
}

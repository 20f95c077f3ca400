package ingest

import (
	"strings"
	"time"
)

// dateLayouts are the date spellings the sources use: the snapshot's version
// dates ("Mon, 2 Apr 2007 19:18:42 GMT"), HF's RFC 3339 timestamps and plain days.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 MST",
	time.RFC3339Nano,
	"2006-01-02",
	"2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
}

// parseDate parses any date a source writes, in UTC. An empty string is the
// zero time; anything unparsable is a *RecordError.
func parseDate(what, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, skipf(ReasonAbsurdDate, "unreadable %s %q", what, clip(s, 40))
}

package arxiv

import (
	"reflect"
	"testing"
	"time"
)

func TestSplitAuthors(t *testing.T) {
	for in, want := range map[string][]string{
		"Sander Uijlen (Radboud Universiteit), Bas Westerbaan (Radboud Universiteit)": {"Sander Uijlen", "Bas Westerbaan"},
		"A. One, B. Two, and C. Three":            {"A. One", "B. Two", "C. Three"},
		"Ana Méndez (1), B. Cho ((1) MIT)":        {"Ana Méndez", "B. Cho"},
		"Doe, J. and Roe, R.":                     {"J. Doe", "R. Roe"},
		"Roldao da Rocha, Waldyr A. Rodrigues Jr": {"Roldao da Rocha", "Waldyr A. Rodrigues Jr"},
		"John Smith, Jr., Mary Jones":             {"John Smith Jr.", "Mary Jones"},
		"M. Requardt":                             {"M. Requardt"},
		"A. Author et al":                         {"A. Author et al"},
		"The ATLAS Collaboration, et al.":         {"The ATLAS Collaboration"},
		"":                                        nil,
	} {
		if got := splitAuthors(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitAuthors(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAnnouncementDay(t *testing.T) {
	for in, want := range map[string]string{
		"2025-07-14T17:58:47Z": "2025-07-15", // Monday before the cut-off: Tuesday (seen in the daily crawl)
		"2025-07-14T18:30:00Z": "2025-07-16", // Monday after the cut-off
		"2025-07-18T12:00:00Z": "2025-07-21", // Friday: Monday
		"2025-07-18T20:00:00Z": "2025-07-22", // Friday evening: Monday's cut-off, Tuesday
		"2025-07-19T09:00:00Z": "2025-07-22", // Saturday
		"2025-07-20T23:00:00Z": "2025-07-22", // Sunday
		"2025-07-17T10:00:00Z": "2025-07-18", // Thursday: Friday
	} {
		ts, _ := time.Parse(time.RFC3339, in)
		if got := AnnouncementDay(ts).Format(time.DateOnly); got != want {
			t.Errorf("AnnouncementDay(%s) = %s, want %s", in, got, want)
		}
	}
}

package arxiv

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// arxivEpoch is the first day arXiv accepted submissions; earlier dates are
// corrupt and a record carrying one is skipped.
var arxivEpoch = time.Date(1991, 8, 1, 0, 0, 0, 0, time.UTC)

// clean collapses runs of whitespace (arXiv wraps titles and abstracts at
// about 80 columns) and drops invalid UTF-8, so that every source spells a
// field the same way and re-imports compare equal.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	return strings.Join(strings.Fields(s), " ")
}

// splitCategories splits arXiv's space-separated category list, keeping the
// first (primary) category first and dropping duplicates.
func splitCategories(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range strings.Fields(s) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// splitAuthors splits an author string as arXivRaw and the bulk snapshot give
// it ("A. One, B. Two and C. Three", affiliations in parentheses) into names.
func splitAuthors(s string) []string {
	// Drop parenthesised affiliations, which may nest: "A (1), B ((1) MIT)".
	var sb strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			sb.WriteRune(r)
		}
	}
	s = clean(sb.String())
	var out []string
	for _, part := range strings.Split(s, ",") {
		for _, name := range strings.Split(part, " and ") {
			name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "and "))
			switch {
			case name == "" || name == "et al." || name == "et al":
			case initialsOnly(name) && len(out) > 0 && !strings.Contains(out[len(out)-1], " "):
				// "Doe, J." is one surname-first author: "J. Doe".
				out[len(out)-1] = name + " " + out[len(out)-1]
			case name == "Jr" || name == "Jr." || name == "Sr.":
				if len(out) > 0 {
					out[len(out)-1] += " " + name
				}
			default:
				out = append(out, name)
			}
		}
	}
	return out
}

// initialsOnly reports whether s is only initials, like "J." or "J. R." or "J.-P.".
func initialsOnly(s string) bool {
	for _, w := range strings.Fields(s) {
		for _, ini := range strings.Split(w, "-") {
			r := []rune(ini)
			if len(r) != 2 || r[1] != '.' || !unicode.IsUpper(r[0]) {
				return false
			}
		}
	}
	return s != ""
}

// withdrawnComment reports whether a comment is arXiv's withdrawal notice
// ("This paper has been withdrawn by the author"), which is how a withdrawn
// paper shows in the metadata: it stays, with a new version saying so.
func withdrawnComment(c string) bool {
	c = strings.ToLower(c)
	return strings.Contains(c, "has been withdrawn") || strings.HasPrefix(c, "withdrawn")
}

// AnnouncementDay estimates the day arXiv listed a submission made at t
// (UTC midnight), since neither interface says when a paper was announced.
// arXiv closes a day's submissions at 14:00 US Eastern (taken as 18:00 UTC)
// and lists them on the next weekday; weekend submissions join Monday's
// cut-off and appear on Tuesday. Holidays are not modelled. A date without a
// time of day counts as before the cut-off.
func AnnouncementDay(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if t.Hour() >= 18 {
		day = day.AddDate(0, 0, 1)
	}
	switch day.Weekday() { // the cut-off a submission belongs to
	case time.Saturday:
		day = day.AddDate(0, 0, 2)
	case time.Sunday:
		day = day.AddDate(0, 0, 1)
	}
	day = day.AddDate(0, 0, 1)
	if day.Weekday() == time.Saturday { // Friday's cut-off is listed on Monday
		day = day.AddDate(0, 0, 2)
	}
	return day
}

// parseDay parses a YYYY-MM-DD date as UTC midnight.
func parseDay(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}

// plausible reports whether t could be a real arXiv date: not before arXiv
// began and not after limit (the response's own date plus a margin).
func plausible(t, limit time.Time) bool {
	return !t.Before(arxivEpoch) && !t.After(limit)
}

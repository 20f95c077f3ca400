package ingest

import (
	"slices"
	"strings"
	"time"

	"github.com/paperwire/paperwire"
)

// firstArxivDay bounds dates from below: arXiv opened in August 1991, so an
// earlier date is a parse error or a typo, not a paper.
var firstArxivDay = time.Date(1991, 1, 1, 0, 0, 0, 0, time.UTC)

// futureSlack is how far past "now" a date may lie before it counts as absurd:
// enough for time zones and for a listing announced tonight.
const futureSlack = 7 * 24 * time.Hour

// Normalize turns a source record into the paper Paperwire stores. It is the
// one normalization path for every source, so the same paper read from a
// snapshot, a daily crawl, Hugging Face or a harvest compares equal field by
// field and re-imports are recognised as unchanged:
//
//   - the id is version-less (ParseArxivID); a version it named is kept in Versions;
//   - title and short fields have their whitespace collapsed; the abstract
//     keeps one "\n" per paragraph break (a blank line, or arXiv's indented
//     first line of a paragraph) and collapses the rest;
//   - authors come from AuthorsParsed, else Authors, else AuthorString split
//     on commas and " and " (suffixes such as "Jr." stay with their name);
//   - categories are split on spaces, primary first, without duplicates;
//   - dates must lie between 1991 and a week after now; ListedOn is a UTC
//     midnight and defaults to the first version's day.
//
// A record that cannot become a paper yields a *RecordError.
func Normalize(r *Record, now time.Time) (*paperwire.Paper, error) {
	p := r.Paper // copy; the record is not modified
	if strings.TrimSpace(p.ID) == "" {
		return nil, skipf(ReasonMissingID, "record has no id")
	}
	id, ver, err := paperwire.ParseArxivID(p.ID)
	if err != nil {
		return nil, skipf(ReasonInvalidID, "%q", clip(p.ID, 64))
	}
	p.ID = id
	p.Title = collapseSpace(p.Title)
	if p.Title == "" {
		return nil, skipf(ReasonMissingTitle, "paper %s has no title", id)
	}
	p.Abstract = cleanParagraphs(p.Abstract)
	p.Authors = normalizeAuthors(r)
	p.Categories = splitCategories(p.Categories)
	for _, f := range []*string{&p.Comment, &p.JournalRef, &p.DOI, &p.ReportNo, &p.License,
		&p.Submitter, &p.SubmittedBy, &p.GitHubRepo, &p.ProjectPage} {
		*f = collapseSpace(*f)
	}
	p.AISummary = cleanParagraphs(p.AISummary)
	p.AIKeywords = cleanList(p.AIKeywords)
	if o := p.Organization; o != nil {
		org := paperwire.Organization{Name: collapseSpace(o.Name), Fullname: collapseSpace(o.Fullname)}
		p.Organization = nil
		if org.Name != "" {
			p.Organization = &org
		}
	}
	p.Upvotes, p.NumComments, p.GitHubStars = max(p.Upvotes, 0), max(p.NumComments, 0), max(p.GitHubStars, 0)
	if p.Versions, err = normalizeVersions(p.Versions, ver); err != nil {
		return nil, err
	}
	if err := normalizeDates(&p, now); err != nil {
		return nil, err
	}
	if !p.Withdrawn {
		p.Withdrawn = withdrawnComment(p.Comment) || withdrawnAbstract(p.Abstract)
	}
	p.Seq = 0
	return &p, nil
}

// normalizeVersions sorts versions, drops duplicates and adds the version an
// id like "2410.12345v3" named when the list does not have it.
func normalizeVersions(vs []paperwire.PaperVersion, fromID int) ([]paperwire.PaperVersion, error) {
	if fromID > 0 && !slices.ContainsFunc(vs, func(v paperwire.PaperVersion) bool { return v.Version == fromID }) {
		vs = append(slices.Clip(vs), paperwire.PaperVersion{Version: fromID})
	}
	if len(vs) == 0 {
		return nil, nil
	}
	out := make([]paperwire.PaperVersion, 0, len(vs))
	for _, v := range vs {
		if v.Version <= 0 || v.Version > 999 {
			return nil, skipf(ReasonMalformed, "version %d out of range", v.Version)
		}
		v.Created = storedTime(v.Created)
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b paperwire.PaperVersion) int { return a.Version - b.Version })
	return slices.CompactFunc(out, func(a, b paperwire.PaperVersion) bool { return a.Version == b.Version }), nil
}

// normalizeDates rejects absurd dates and fills Submitted, Updated and
// ListedOn from the versions when the source did not give them.
func normalizeDates(p *paperwire.Paper, now time.Time) error {
	latest := now.Add(futureSlack)
	check := func(what string, t time.Time) error {
		if t.IsZero() || !t.Before(firstArxivDay) && !t.After(latest) {
			return nil
		}
		return skipf(ReasonAbsurdDate, "%s %s of paper %s", what, t.UTC().Format(time.RFC3339), p.ID)
	}
	for _, v := range p.Versions {
		if err := check("version date", v.Created); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		what string
		t    *time.Time
	}{{"submitted date", &p.Submitted}, {"updated date", &p.Updated}, {"listing date", &p.ListedOn}} {
		if err := check(d.what, *d.t); err != nil {
			return err
		}
		*d.t = storedTime(*d.t)
	}
	if n := len(p.Versions); n > 0 {
		if c := p.Versions[0].Created; !c.IsZero() && (p.Submitted.IsZero() || c.Before(p.Submitted)) {
			p.Submitted = c
		}
		for _, v := range p.Versions {
			if v.Created.After(p.Updated) {
				p.Updated = v.Created
			}
		}
	}
	if p.ListedOn.IsZero() {
		p.ListedOn = p.Submitted
	}
	if !p.ListedOn.IsZero() {
		p.ListedOn = paperwire.Day(p.ListedOn).Start
	}
	return nil
}

// storedTime is t in UTC to the second, the precision stores keep, so a
// re-imported record compares equal to the stored one.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// splitCategories splits space- or comma-separated lists, keeps the first
// (primary) category first and drops duplicates.
func splitCategories(in []string) []string {
	var out []string
	for _, s := range in {
		for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// cleanList collapses whitespace in each element and drops empty and repeated ones.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = collapseSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// withdrawnComment recognises arXiv's comment on a withdrawn paper ("This
// paper has been withdrawn by the author…"); the snapshot has no explicit flag.
func withdrawnComment(s string) bool {
	if !strings.Contains(s, "ithdraw") {
		return false
	}
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "withdrawn") || strings.Contains(l, "has been withdrawn") ||
		strings.Contains(l, "withdrawn by the author") || strings.Contains(l, "paper is withdrawn")
}

// withdrawnAbstract recognises an abstract replaced by a withdrawal notice;
// only its opening counts, since abstracts may well talk about withdrawals.
func withdrawnAbstract(s string) bool {
	if len(s) > 400 || !strings.Contains(s, "ithdraw") {
		return false
	}
	l := strings.ToLower(s)
	for _, p := range []string{"withdrawn", "this paper has been withdrawn", "this article has been withdrawn",
		"this submission has been withdrawn", "this manuscript has been withdrawn", "paper withdrawn"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

package paperwire

import (
	"reflect"
	"sort"
	"time"
)

// MergePaper combines a stored paper with an incoming record of the same id
// from any source and reports whether the result differs from old.
//
// The rules, which make every import idempotent and order-independent:
//   - Bibliographic fields (title, abstract, authors, …) come from whichever
//     record names the newer version; an older version never overwrites a newer
//     one. A record with no version (0) counts as older than any known version;
//     between two records of equal version the incoming one wins, so a
//     re-crawl can fix a typo. Empty incoming fields never erase stored ones.
//   - Versions are the union of both lists; ListedOn is the earliest known day
//     (the day the paper was first announced).
//   - Community fields (organization, links, AI summary) take the incoming
//     value when it is set, since those sources are snapshots of live counts.
//     An incoming Upvotes is such a snapshot of another site's count: it
//     becomes the new ImportedUpvotes baseline, and the local votes stay on
//     top of it. SubmittedOn keeps the first day a paper went on the list.
//
// old may be nil for a paper not stored yet.
func MergePaper(old, in *Paper) (merged *Paper, changed bool) {
	if old == nil {
		old = &Paper{ID: in.ID}
	}
	m := *old
	if in.LatestVersion() >= old.LatestVersion() {
		setStr(&m.Title, in.Title)
		setStr(&m.Abstract, in.Abstract)
		if len(in.Authors) > 0 {
			m.Authors = in.Authors
		}
		if len(in.Categories) > 0 {
			m.Categories = in.Categories
		}
		setStr(&m.Comment, in.Comment)
		setStr(&m.JournalRef, in.JournalRef)
		setStr(&m.DOI, in.DOI)
		setStr(&m.ReportNo, in.ReportNo)
		setStr(&m.License, in.License)
		setStr(&m.Submitter, in.Submitter)
		setTime(&m.Updated, in.Updated)
		m.Withdrawn = in.Withdrawn || (old.Withdrawn && in.LatestVersion() == old.LatestVersion())
	}
	m.Versions = mergeVersions(old.Versions, in.Versions)
	if len(m.Versions) > 0 {
		if c := m.Versions[0].Created; !c.IsZero() {
			m.Submitted = c
		}
		if c := m.Versions[len(m.Versions)-1].Created; !c.IsZero() && c.After(m.Updated) {
			m.Updated = c
		}
	}
	if m.Submitted.IsZero() {
		m.Submitted = in.Submitted
	}
	if !in.ListedOn.IsZero() && (m.ListedOn.IsZero() || in.ListedOn.Before(m.ListedOn)) {
		m.ListedOn = in.ListedOn
	}

	if in.Upvotes > 0 {
		local := m.Upvotes - m.ImportedUpvotes
		m.ImportedUpvotes = in.Upvotes
		m.Upvotes = in.Upvotes + local
	}
	if m.SubmittedOn.IsZero() {
		m.SubmittedOn = in.SubmittedOn
	}
	if in.NumComments > 0 {
		m.NumComments = in.NumComments
	}
	setStr(&m.SubmittedBy, in.SubmittedBy)
	if in.Organization != nil && in.Organization.Name != "" {
		o := *in.Organization
		m.Organization = &o
	}
	setStr(&m.GitHubRepo, in.GitHubRepo)
	if in.GitHubStars > 0 {
		m.GitHubStars = in.GitHubStars
	}
	setStr(&m.ProjectPage, in.ProjectPage)
	setStr(&m.AISummary, in.AISummary)
	if len(in.AIKeywords) > 0 {
		m.AIKeywords = in.AIKeywords
	}

	m.Seq = old.Seq
	return &m, !reflect.DeepEqual(&m, old)
}

func setStr(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func setTime(dst *time.Time, v time.Time) {
	if !v.IsZero() {
		*dst = v
	}
}

// mergeVersions returns the union of a and b by version number, oldest first,
// preferring a known creation date over an unknown one.
func mergeVersions(a, b []PaperVersion) []PaperVersion {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	byNum := make(map[int]PaperVersion, len(a)+len(b))
	for _, v := range a {
		byNum[v.Version] = v
	}
	for _, v := range b {
		if cur, ok := byNum[v.Version]; !ok || cur.Created.IsZero() {
			byNum[v.Version] = v
		}
	}
	out := make([]PaperVersion, 0, len(byNum))
	for _, v := range byNum {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	if reflect.DeepEqual(out, a) {
		return a
	}
	return out
}

package paperwire_test

import (
	"testing"
	"time"

	"github.com/paperwire/paperwire"
)

func TestMergePaper(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	stored := &paperwire.Paper{ID: "2401.00001", Title: "v2 title", Abstract: "v2", Authors: []string{"A"},
		Versions: []paperwire.PaperVersion{{Version: 1, Created: d("2024-01-01")}, {Version: 2, Created: d("2024-02-01")}},
		ListedOn: d("2024-01-02"), Seq: 9}
	stored, _ = paperwire.MergePaper(nil, stored) // as the store would hold it
	stored.Seq = 9

	t.Run("older version keeps newer fields, adds community data", func(t *testing.T) {
		in := &paperwire.Paper{ID: stored.ID, Title: "v1 title", Versions: []paperwire.PaperVersion{{Version: 1}}, Upvotes: 5,
			Organization: &paperwire.Organization{Name: "org", Fullname: "Org"}}
		m, changed := paperwire.MergePaper(stored, in)
		if !changed || m.Title != "v2 title" || m.Upvotes != 5 || m.Organization.Name != "org" || m.Seq != 9 {
			t.Fatalf("merged = %+v, changed %v", m, changed)
		}
		if !m.Versions[0].Created.Equal(d("2024-01-01")) {
			t.Fatalf("a known version date was replaced by an unknown one: %+v", m.Versions)
		}
	})
	t.Run("unversioned record counts as older", func(t *testing.T) {
		in := &paperwire.Paper{ID: stored.ID, Title: "crawl title", ListedOn: d("2024-01-05")}
		m, changed := paperwire.MergePaper(stored, in)
		if changed || m.Title != "v2 title" {
			t.Fatalf("merged = %+v, changed %v", m, changed)
		}
	})
	t.Run("newer version wins, empty fields do not erase", func(t *testing.T) {
		in := &paperwire.Paper{ID: stored.ID, Title: "v3 title", Versions: []paperwire.PaperVersion{{Version: 3, Created: d("2024-03-01")}}}
		m, changed := paperwire.MergePaper(stored, in)
		if !changed || m.Title != "v3 title" || m.Abstract != "v2" || m.LatestVersion() != 3 || len(m.Versions) != 3 ||
			!m.Updated.Equal(d("2024-03-01")) || !m.Submitted.Equal(d("2024-01-01")) {
			t.Fatalf("merged = %+v", m)
		}
	})
	t.Run("earliest listing day wins", func(t *testing.T) {
		in := &paperwire.Paper{ID: stored.ID, ListedOn: d("2023-12-30")}
		m, _ := paperwire.MergePaper(stored, in)
		if !m.ListedOn.Equal(d("2023-12-30")) {
			t.Fatalf("listed on %v", m.ListedOn)
		}
	})
	t.Run("same record twice is unchanged", func(t *testing.T) {
		m, _ := paperwire.MergePaper(nil, stored)
		if _, changed := paperwire.MergePaper(m, stored); changed {
			t.Fatal("merging a paper with itself reported a change")
		}
	})
	t.Run("withdrawal of the same version is kept", func(t *testing.T) {
		in := &paperwire.Paper{ID: stored.ID, Withdrawn: true, Versions: []paperwire.PaperVersion{{Version: 2}}}
		m, changed := paperwire.MergePaper(stored, in)
		if !changed || !m.Withdrawn {
			t.Fatalf("withdrawal lost: %+v", m)
		}
	})
}

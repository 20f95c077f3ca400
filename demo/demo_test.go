package demo_test

import (
	"testing"

	"github.com/paperwire/paperwire/demo"
)

func TestBundledCorpus(t *testing.T) {
	papers, err := demo.Papers()
	if err != nil {
		t.Fatal(err)
	}
	if len(papers) < 5000 {
		t.Fatalf("bundled corpus has %d papers, want a month's worth", len(papers))
	}
	seen := map[string]bool{}
	days := map[string]int{}
	for _, p := range papers {
		if seen[p.ID] {
			t.Fatalf("paper %s appears twice: each paper belongs to its first listing day only", p.ID)
		}
		seen[p.ID] = true
		if p.Title == "" || p.Abstract == "" || len(p.Authors) == 0 || len(p.Categories) == 0 || p.ListedOn.IsZero() {
			t.Fatalf("incomplete paper: %+v", p)
		}
		days[p.ListedOn.Format("2006-01-02")]++
	}
	if len(days) < 15 || days["2026-07-01"] == 0 {
		t.Fatalf("listing days = %v", days)
	}
}

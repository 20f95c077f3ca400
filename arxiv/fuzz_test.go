package arxiv

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paperwire/paperwire"
)

// seeds adds every testdata file matching pattern to f's corpus.
func seeds(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds for %s: %v", pattern, err)
	}
	for _, name := range files {
		f.Add(readTestdata(f, strings.TrimPrefix(name, "testdata/")))
	}
}

// FuzzParseListRecords: no input makes the OAI-PMH parser panic, and every
// paper it returns has a valid id, a title unless deleted, and clean text.
func FuzzParseListRecords(f *testing.F) {
	seeds(f, "oaipmh/*.xml")
	seeds(f, "oaipmh/*.html")
	f.Fuzz(func(t *testing.T, data []byte) {
		page, err := ParseListRecords(data)
		if err != nil {
			if page != nil {
				t.Fatal("page and error both returned")
			}
			return
		}
		if page.Records != len(page.Papers)+len(page.Skipped) {
			t.Fatalf("records %d != papers %d + skipped %d", page.Records, len(page.Papers), len(page.Skipped))
		}
		for _, p := range page.Papers {
			checkPaper(t, p.ID, p.Title, p.Abstract, p.Withdrawn)
			for i := 1; i < len(p.Versions); i++ {
				if p.Versions[i].Version <= p.Versions[i-1].Version {
					t.Fatalf("%s: versions out of order: %+v", p.ID, p.Versions)
				}
			}
		}
	})
}

// FuzzParseFeed: no input makes the Atom parser panic, and every paper it
// returns is usable.
func FuzzParseFeed(f *testing.F) {
	seeds(f, "atom/*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := ParseFeed(data)
		if err != nil {
			return
		}
		for _, p := range feed.Papers {
			checkPaper(t, p.ID, p.Title, p.Abstract, false)
			if p.Submitted.IsZero() || p.Updated.Before(p.Submitted) || p.LatestVersion() < 1 {
				t.Fatalf("%s: dates %v %v versions %v", p.ID, p.Submitted, p.Updated, p.Versions)
			}
		}
	})
}

func checkPaper(t *testing.T, id, title, abstract string, deleted bool) {
	t.Helper()
	if norm, _, err := paperwire.ParseArxivID(id); err != nil || norm != id {
		t.Fatalf("paper id %q does not round-trip: %q, %v", id, norm, err)
	}
	if title == "" && !deleted {
		t.Fatalf("%s: empty title", id)
	}
	for _, s := range []string{title, abstract} {
		if !utf8.ValidString(s) || s != clean(s) {
			t.Fatalf("%s: unclean text %q", id, s)
		}
	}
}

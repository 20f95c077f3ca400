package ingest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// maxSkipDetails caps how many skipped records a summary lists one by one;
// the counts by reason are always complete.
const maxSkipDetails = 20

// Summary is what one import did. Read = New + Updated + Unchanged + Merged
// + Skipped: every record read is accounted for exactly once.
type Summary struct {
	File   string
	Format Format
	// ResumedAfter is the line (or item) an interrupted earlier run had
	// committed; this run read only what follows it.
	ResumedAfter int

	Read      int // records read: non-blank lines, or array items
	New       int // papers the store did not have
	Updated   int // papers the store had, changed by this import
	Unchanged int // papers the store already had exactly so
	Merged    int // repeats of an id inside one batch, merged into the first
	Skipped   int // records that could not become a paper
	Repaired  int // records whose invalid UTF-8 was replaced by U+FFFD (and kept)

	SkipsByReason map[string]int
	Skips         []Skip // the first few skipped records, in file order
	RepairedAt    []int  // line or item numbers of the first few repaired records
	// Truncated says why the input ended early (cut-off gzip, corrupt data,
	// unclosed JSON array); the records before that point were imported.
	Truncated string

	Bytes   int64 // raw bytes read
	Elapsed time.Duration
}

// Skip is one skipped record: where it was and why.
type Skip struct {
	Num    int // line number (JSON lines) or item number (JSON array)
	Reason string
	Detail string
}

func (s *Summary) skip(num int, e *RecordError) {
	s.Skipped++
	if s.SkipsByReason == nil {
		s.SkipsByReason = map[string]int{}
	}
	s.SkipsByReason[e.Reason]++
	if len(s.Skips) < maxSkipDetails {
		s.Skips = append(s.Skips, Skip{Num: num, Reason: e.Reason, Detail: e.Detail})
	}
}

// Written is the number of papers sent to the store.
func (s *Summary) Written() int { return s.New + s.Updated + s.Unchanged }

// PapersPerSecond is the import rate over the whole run.
func (s *Summary) PapersPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Written()+s.Merged) / s.Elapsed.Seconds()
}

// Print writes the summary for people: one line of counts, then the reasons
// records were skipped with their first line numbers.
func (s *Summary) Print(w io.Writer) {
	unit := "line"
	if s.Format == FormatHF {
		unit = "item"
	}
	fmt.Fprintf(w, "%s (%s): read %d, new %d, updated %d, unchanged %d, merged duplicates %d, skipped %d",
		s.File, s.Format, s.Read, s.New, s.Updated, s.Unchanged, s.Merged, s.Skipped)
	if s.Repaired > 0 {
		fmt.Fprintf(w, ", repaired %d", s.Repaired)
	}
	fmt.Fprintf(w, " in %s (%.0f papers/s)\n", s.Elapsed.Round(time.Millisecond), s.PapersPerSecond())
	if s.ResumedAfter > 0 {
		fmt.Fprintf(w, "  resumed after %s %d, committed by an earlier interrupted run\n", unit, s.ResumedAfter)
	}
	for _, reason := range slices.Sorted(maps.Keys(s.SkipsByReason)) {
		var at []string
		for _, k := range s.Skips {
			if k.Reason == reason {
				at = append(at, fmt.Sprint(k.Num))
			}
		}
		fmt.Fprintf(w, "  skipped %d: %s (%s %s)\n", s.SkipsByReason[reason], reason, unit, strings.Join(at, ", "))
		for _, k := range s.Skips {
			if k.Reason == reason && k.Detail != "" {
				fmt.Fprintf(w, "    %s %d: %s\n", unit, k.Num, k.Detail)
			}
		}
	}
	if s.Repaired > 0 {
		at := make([]string, len(s.RepairedAt))
		for i, n := range s.RepairedAt {
			at[i] = fmt.Sprint(n)
		}
		fmt.Fprintf(w, "  repaired %d: invalid UTF-8 replaced by U+FFFD, record kept (%s %s)\n", s.Repaired, unit, strings.Join(at, ", "))
	}
	if s.Truncated != "" {
		fmt.Fprintf(w, "  input ended early: %s; everything before it was imported\n", s.Truncated)
	}
}

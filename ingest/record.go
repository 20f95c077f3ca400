// Package ingest imports papers from bulk files (the arXiv metadata snapshot,
// daily listing crawls, Hugging Face Daily Papers JSON) into a
// paperwire.PaperWriter.
//
// Every source goes through the same steps: a format parser turns one line or
// item into a Record, Normalize turns a Record into a clean paperwire.Paper,
// and the Importer writes papers in batches together with a checkpoint of how
// far the file was read, so an interrupted import resumes where it stopped and
// ends with the same database as an uninterrupted one.
package ingest

import (
	"fmt"

	"github.com/paperwire/paperwire"
)

// Record is one paper as a source spells it, before normalization. Parsers
// fill the embedded Paper with what the source gives (ids with versions,
// wrapped titles, space-separated categories, …); Normalize cleans it up.
type Record struct {
	paperwire.Paper

	// AuthorString is the author list as one string ("A, B and C"); used
	// when neither AuthorsParsed nor Authors is set.
	AuthorString string
	// AuthorsParsed is the snapshot's [[last, first, suffix], …]; it is
	// preferred over AuthorString because arXiv already resolved TeX accents
	// and affiliations in it.
	AuthorsParsed [][]string
}

// Skip reasons: short, stable keys the summary groups skipped records by.
const (
	ReasonMalformed    = "malformed JSON"
	ReasonMissingID    = "missing id"
	ReasonInvalidID    = "invalid id"
	ReasonMissingTitle = "missing title"
	ReasonAbsurdDate   = "bad or absurd date"
	ReasonTooLong      = "record too long"
	ReasonTruncated    = "truncated input"
)

// RecordError says why one record was skipped. Reason is one of the Reason*
// keys; Detail is a short human explanation.
type RecordError struct {
	Reason string
	Detail string
}

func (e *RecordError) Error() string {
	if e.Detail == "" {
		return e.Reason
	}
	return e.Reason + ": " + e.Detail
}

func skipf(reason, format string, args ...any) *RecordError {
	return &RecordError{Reason: reason, Detail: clip(fmt.Sprintf(format, args...), 160)}
}

// clip keeps messages about bad input short.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return s[:n] + "…"
}

package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Format names an input format the importer understands.
type Format string

// The formats, detected from a file's content.
const (
	FormatSnapshot Format = "arxiv-snapshot" // arXiv bulk metadata snapshot, JSON lines
	FormatDaily    Format = "arxiv-daily"    // daily listing crawl, JSON lines
	FormatHF       Format = "hf-daily"       // Hugging Face /api/daily_papers: a JSON array
	FormatHFLines  Format = "hf-daily-lines" // the same items, one per line
)

// parseState is what a parser needs beyond the line itself.
type parseState struct {
	listedOn time.Time // listing day for every record, zero when the source says
}

// parser turns one line or array item into a Record.
type parser func(data []byte, ps *parseState) (*Record, error)

func (f Format) parser() parser {
	switch f {
	case FormatSnapshot:
		return parseSnapshot
	case FormatDaily:
		return parseDaily
	case FormatHF, FormatHFLines:
		return parseHFItem
	}
	return nil
}

// lines reports whether the format has one record per line.
func (f Format) lines() bool { return f != FormatHF }

// ParseFormat checks a format name given on the command line.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatSnapshot, FormatDaily, FormatHF, FormatHFLines:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (known: %s, %s, %s, %s)", s, FormatSnapshot, FormatDaily, FormatHF, FormatHFLines)
}

// errUnknownFormat is returned by DetectFormat when the content matches no format.
var errUnknownFormat = fmt.Errorf("unknown format: expected arXiv snapshot JSON lines, a daily listing crawl (JSON lines) or Hugging Face daily_papers JSON")

// errEmpty is returned by DetectFormat for input with nothing but whitespace.
var errEmpty = fmt.Errorf("empty input")

// DetectFormat recognises a format from the first bytes of the (decompressed)
// content: a JSON array of items with a "paper" key is Hugging Face's
// daily_papers; JSON lines are told apart by the keys of their first readable
// record (the snapshot has authors_parsed/versions/submitter, the daily crawl
// has summary and list-valued categories).
func DetectFormat(head []byte) (Format, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return "", errEmpty
	}
	switch trimmed[0] {
	case '[':
		inner := bytes.TrimLeft(trimmed[1:], " \t\r\n")
		if len(inner) > 0 && inner[0] == ']' {
			return FormatHF, nil
		}
		if keys := objectKeys(inner); keys["paper"] {
			return FormatHF, nil
		}
		return "", errUnknownFormat
	case '{':
		for i, line := 0, trimmed; i < 16 && len(line) > 0; i++ {
			end := bytes.IndexByte(line, '\n')
			if end < 0 {
				end = len(line)
			}
			if f := formatOfKeys(objectKeys(line[:end])); f != "" {
				return f, nil
			}
			line = line[min(end+1, len(line)):]
		}
	}
	return "", errUnknownFormat
}

func formatOfKeys(k map[string]bool) Format {
	switch {
	case k["paper"]:
		return FormatHFLines
	case k["id"] && (k["authors_parsed"] || k["versions"] || k["submitter"] || k["journal-ref"] || k["update_date"]):
		return FormatSnapshot
	case k["id"] && k["summary"] && (k["abs"] || k["pdf"] || k["categories"]):
		return FormatDaily
	case k["id"] && k["abstract"] && k["title"]:
		return FormatSnapshot
	}
	return ""
}

// objectKeys returns the top-level keys of the JSON object data starts with,
// as far as data goes: a head cut in the middle of a record still yields the
// keys before the cut.
func objectKeys(data []byte) map[string]bool {
	keys := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return keys
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, ok := t.(string)
		if !ok {
			return keys
		}
		keys[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return keys
		}
	}
	return keys
}

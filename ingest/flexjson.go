package ingest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// flexStrings accepts a JSON array of strings, a single string or null, so a
// source that writes categories as "cs.CL cs.AI" or ["cs.CL", "cs.AI"]
// parses either way.
type flexStrings []string

func (f *flexStrings) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*f = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexStrings{s}
		return nil
	case len(b) > 0 && b[0] == '[':
		var list []string
		if err := json.Unmarshal(b, &list); err != nil {
			return fmt.Errorf("expected a list of strings: %w", err)
		}
		*f = list
		return nil
	}
	return fmt.Errorf("expected a string or a list of strings, got %.20s", b)
}

// flexInt accepts a JSON number or a numeric string; counts from scraped
// sources come both ways. Anything else reads as 0 rather than failing the
// record, since a count is never worth losing a paper over.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	*f = 0
	if i, err := strconv.ParseInt(s, 10, 32); err == nil && i > 0 {
		*f = flexInt(i)
	} else if fl, err := strconv.ParseFloat(s, 64); err == nil && fl > 0 && fl < 1<<31 {
		*f = flexInt(fl)
	}
	return nil
}

package ingest

import (
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeOptions make the decoder as forgiving as the data needs: invalid
// UTF-8 inside strings becomes U+FFFD (the record is kept and reported as
// repaired), and a repeated key keeps its last value, as encoding/json does.
var decodeOptions = json.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

// decodeJSON decodes one record. github.com/go-json-experiment/json (the
// encoding/json/v2 candidate) decodes these records about twice as fast as
// encoding/json, which matters when a snapshot has millions of lines.
func decodeJSON(data []byte, v any) error {
	return json.Unmarshal(data, v, decodeOptions)
}

// flexStrings accepts a JSON array of strings, a single string or null, so a
// source that writes categories as "cs.CL cs.AI" or ["cs.CL", "cs.AI"]
// parses either way.
type flexStrings []string

func (f *flexStrings) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*f = nil
	switch dec.PeekKind() {
	case 'n':
		_, err := dec.ReadToken()
		return err
	case '"':
		t, err := dec.ReadToken()
		if err != nil {
			return err
		}
		*f = flexStrings{t.String()}
		return nil
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		for dec.PeekKind() != ']' {
			switch k := dec.PeekKind(); k {
			case '"':
				t, err := dec.ReadToken()
				if err != nil {
					return err
				}
				*f = append(*f, t.String())
			case 'n':
				if _, err := dec.ReadToken(); err != nil {
					return err
				}
			case 0:
				_, err := dec.ReadToken()
				return err
			default:
				return fmt.Errorf("expected a list of strings, found a %v", k)
			}
		}
		_, err := dec.ReadToken()
		return err
	}
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	return fmt.Errorf("expected a string or a list of strings, got %.20s", v)
}

// flexInt accepts a JSON number or a numeric string; counts from scraped
// sources come both ways. Anything else reads as 0 rather than failing the
// record, since a count is never worth losing a paper over.
type flexInt int

func (f *flexInt) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	v, err := dec.ReadValue()
	if err != nil {
		return err
	}
	*f = 0
	s := string(v)
	if len(s) >= 2 && s[0] == '"' {
		s = s[1 : len(s)-1]
	}
	if i, err := strconv.ParseInt(s, 10, 32); err == nil && i > 0 {
		*f = flexInt(i)
	} else if fl, err := strconv.ParseFloat(s, 64); err == nil && fl > 0 && fl < 1<<31 {
		*f = flexInt(fl)
	}
	return nil
}

// parsedNames decodes the snapshot's authors_parsed ([[last, first, suffix],
// …]) straight into display names, without building the nested slices: a
// snapshot has tens of millions of them.
type parsedNames []string

func (p *parsedNames) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*p = nil
	if dec.PeekKind() == 'n' {
		_, err := dec.ReadToken()
		return err
	}
	if err := readDelim(dec, '['); err != nil {
		return err
	}
	var parts [3]string
	for {
		switch dec.PeekKind() {
		case ']':
			_, err := dec.ReadToken()
			return err
		case 'n':
			if _, err := dec.ReadToken(); err != nil {
				return err
			}
			continue
		}
		if err := readDelim(dec, '['); err != nil {
			return err
		}
		n := 0
		for dec.PeekKind() != ']' {
			k := dec.PeekKind()
			if k == '[' || k == '{' {
				return fmt.Errorf("authors_parsed: expected names, found a nested %v", k)
			}
			t, err := dec.ReadToken()
			if err != nil {
				return err
			}
			if k == '"' && n < len(parts) {
				parts[n] = t.String()
				n++
			}
		}
		if _, err := dec.ReadToken(); err != nil {
			return err
		}
		if name := parsedName(parts[:n]); name != "" {
			*p = append(*p, name)
		}
	}
}

// readDelim reads an opening bracket or brace, or says what was there instead.
func readDelim(dec *jsontext.Decoder, want jsontext.Kind) error {
	if k := dec.PeekKind(); k != want {
		if k == 0 {
			_, err := dec.ReadToken()
			return err
		}
		return fmt.Errorf("expected %v, found %v", want, k)
	}
	_, err := dec.ReadToken()
	return err
}

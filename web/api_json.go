package web

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// apiDailyPapers is a list of API items that writes its own JSON: the
// search API and /api/daily_papers answer with one for every request, and
// encoding/json's reflection over ~25 fields an item was most of the
// encoding's cost. The bytes are encoding/json's exactly (tested and fuzzed
// against it); a field added to the item types must be added here too, which
// TestAPIJSONMatchesEncodingJSON catches.
type apiDailyPapers []apiDailyPaper

// appendJSON appends the list as json.Encoder writes it, newline included.
func (ps apiDailyPapers) appendJSON(b []byte) []byte {
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = ps[i].appendJSON(b)
	}
	return append(b, ']', '\n')
}

func (d *apiDailyPaper) appendJSON(b []byte) []byte {
	b = append(b, `{"paper":`...)
	b = d.Paper.appendJSON(b)
	b = append(b, `,"publishedAt":`...)
	b = d.PublishedAt.appendJSON(b)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, d.Title)
	b = append(b, `,"summary":`...)
	b = appendJSONString(b, d.Summary)
	b = append(b, `,"numComments":`...)
	b = strconv.AppendInt(b, int64(d.NumComments), 10)
	if d.SubmittedBy != nil {
		b = append(b, `,"submittedBy":`...)
		b = d.SubmittedBy.appendJSON(b)
	}
	if d.Organization != nil {
		b = append(b, `,"organization":`...)
		b = d.Organization.appendJSON(b)
	}
	return append(b, '}')
}

func (p *apiPaper) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, p.ID)
	b = append(b, `,"authors":`...)
	if p.Authors == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Authors {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Authors[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"publishedAt":`...)
	b = p.PublishedAt.appendJSON(b)
	if p.SubmittedOnDailyAt != nil {
		b = append(b, `,"submittedOnDailyAt":`...)
		b = p.SubmittedOnDailyAt.appendJSON(b)
	}
	if p.SubmittedOnDailyBy != nil {
		b = append(b, `,"submittedOnDailyBy":`...)
		b = p.SubmittedOnDailyBy.appendJSON(b)
	}
	b = append(b, `,"title":`...)
	b = appendJSONString(b, p.Title)
	b = append(b, `,"summary":`...)
	b = appendJSONString(b, p.Summary)
	b = append(b, `,"upvotes":`...)
	b = strconv.AppendInt(b, int64(p.Upvotes), 10)
	if p.GithubRepo != "" {
		b = append(b, `,"githubRepo":`...)
		b = appendJSONString(b, p.GithubRepo)
	}
	if p.GithubStars != nil {
		b = append(b, `,"githubStars":`...)
		b = strconv.AppendInt(b, int64(*p.GithubStars), 10)
	}
	if p.ProjectPage != "" {
		b = append(b, `,"projectPage":`...)
		b = appendJSONString(b, p.ProjectPage)
	}
	if p.AISummary != "" {
		b = append(b, `,"ai_summary":`...)
		b = appendJSONString(b, p.AISummary)
	}
	if len(p.AIKeywords) > 0 {
		b = append(b, `,"ai_keywords":[`...)
		for i, k := range p.AIKeywords {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
		}
		b = append(b, ']')
	}
	if p.Organization != nil {
		b = append(b, `,"organization":`...)
		b = p.Organization.appendJSON(b)
	}
	b = append(b, `,"numComments":`...)
	b = strconv.AppendInt(b, int64(p.NumComments), 10)
	return append(b, '}')
}

func (a *apiAuthor) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, a.Name)
	b = append(b, `,"hidden":`...)
	b = strconv.AppendBool(b, a.Hidden)
	if a.User != nil {
		b = append(b, `,"user":`...)
		b = a.User.appendJSON(b)
	}
	if a.Status != "" {
		b = append(b, `,"status":`...)
		b = appendJSONString(b, a.Status)
	}
	if a.StatusLastChangedAt != nil {
		b = append(b, `,"statusLastChangedAt":`...)
		b = a.StatusLastChangedAt.appendJSON(b)
	}
	return append(b, '}')
}

func (u *apiUser) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, u.Name)
	b = append(b, `,"fullname":`...)
	b = appendJSONString(b, u.Fullname)
	b = append(b, `,"user":`...)
	b = appendJSONString(b, u.User)
	return append(b, '}')
}

func (o *apiOrg) appendJSON(b []byte) []byte {
	b = append(b, `{"name":`...)
	b = appendJSONString(b, o.Name)
	b = append(b, `,"fullname":`...)
	b = appendJSONString(b, o.Fullname)
	return append(b, '}')
}

// appendJSON appends t as MarshalJSON writes it.
func (t hfTime) appendJSON(b []byte) []byte {
	tt := time.Time(t)
	if tt.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = tt.UTC().AppendFormat(b, hfTimeLayout)
	return append(b, '"')
}

// jsonPlain marks the ASCII bytes a JSON string holds as they are (with
// HTML escaping): one load a byte instead of six comparisons over ~25 kB of
// abstracts an answer.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// plain8 reports whether all eight bytes of v are jsonPlain: ASCII, not a
// control character, none of " \\ < > &. (Bit tricks for "some byte is
// zero" on v xor each byte in turn; an abstract is mostly such runs.)
func plain8(v uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	hasZero := func(x uint64) uint64 { return (x - ones) & ^x & highs }
	bad := v & highs                    // not ASCII
	bad |= (v - 0x20*ones) & ^v & highs // below 0x20 (v's high bits are clear here, or bad is set already)
	bad |= hasZero(v ^ ('"' * ones))
	bad |= hasZero(v ^ ('\\' * ones))
	bad |= hasZero(v ^ ('<' * ones))
	bad |= hasZero(v ^ ('>' * ones))
	bad |= hasZero(v ^ ('&' * ones))
	return bad == 0
}

// appendJSONString appends s quoted as encoding/json writes strings with
// HTML escaping on (json.Encoder's default): <, > and & as \u003c…, control
// characters escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time, then one at a time.
		for i+8 <= len(s) && plain8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
			i += 8
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

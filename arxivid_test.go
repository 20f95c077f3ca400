package paperwire_test

import (
	"testing"

	"github.com/paperwire/paperwire"
)

func TestParseArxivID(t *testing.T) {
	cases := []struct {
		in      string
		id      string
		version int
		ok      bool
	}{
		{"2410.12345", "2410.12345", 0, true},
		{"2410.12345v3", "2410.12345", 3, true},
		{" arXiv:2410.12345v2 ", "2410.12345", 2, true},
		{"https://arxiv.org/abs/2410.12345v1", "2410.12345", 1, true},
		{"http://arxiv.org/pdf/2410.12345v1.pdf", "2410.12345", 1, true},
		{"oai:arXiv.org:hep-th/9901001", "hep-th/9901001", 0, true},
		{"hep-th/9901001v2", "hep-th/9901001", 2, true},
		{"math.GT/0309136", "math/0309136", 0, true},
		{"0704.0001", "0704.0001", 0, true},
		{"1501.00001", "1501.00001", 0, true},
		{"1412.1234", "1412.1234", 0, true},
		{"1412.12345", "", 0, false}, // five digits only from 2015
		{"1501.1234", "", 0, false},  // four digits only to 2014
		{"0703.0001", "", 0, false},  // new scheme began 0704
		{"2413.00001", "", 0, false}, // month 13
		{"2410.12345v0", "", 0, false},
		{"abc", "", 0, false},
		{"", "", 0, false},
		{"../../etc/passwd", "", 0, false},
		{"HEP-TH/9901001", "", 0, false},
	}
	for _, c := range cases {
		id, v, err := paperwire.ParseArxivID(c.in)
		if c.ok != (err == nil) || id != c.id || v != c.version {
			t.Errorf("ParseArxivID(%q) = %q, %d, %v; want %q, %d, ok=%v", c.in, id, v, err, c.id, c.version, c.ok)
		}
		if err != nil && paperwire.ErrorCode(err) != paperwire.EINVALID {
			t.Errorf("ParseArxivID(%q) error code %q", c.in, paperwire.ErrorCode(err))
		}
	}
}

func FuzzParseArxivID(f *testing.F) {
	for _, s := range []string{"2410.12345v2", "hep-th/9901001", "math.GT/0309136", "arXiv:0704.0001", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, _, err := paperwire.ParseArxivID(s)
		if err != nil {
			return
		}
		// A normalized id parses to itself: normalization is idempotent.
		id2, v2, err := paperwire.ParseArxivID(id)
		if err != nil || id2 != id || v2 != 0 {
			t.Fatalf("ParseArxivID(%q) = %q, but re-parsing gives %q, %d, %v", s, id, id2, v2, err)
		}
	})
}

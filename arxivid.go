package paperwire

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	// New-style ids since April 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN.
	newIDRe = regexp.MustCompile(`^([0-9]{2})(0[1-9]|1[0-2])\.([0-9]{4,5})$`)
	// Old-style ids: archive[.SUBJECT-CLASS]/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136.
	oldIDRe   = regexp.MustCompile(`^([a-z][a-z-]*)(\.[A-Za-z-]{2,})?/([0-9]{7})$`)
	versionRe = regexp.MustCompile(`v([0-9]{1,3})$`)
)

// ParseArxivID normalizes any common spelling of an arXiv identifier to the
// version-less id Paperwire keys papers by, and returns the version it named
// (0 if none). It accepts "2410.12345", "2410.12345v2", "arXiv:2410.12345",
// "oai:arXiv.org:hep-th/9901001", "https://arxiv.org/abs/2410.12345v1",
// ".../pdf/2410.12345v1.pdf" and old-style ids with a subject class
// ("math.GT/0309136" becomes "math/0309136"). Returns EINVALID otherwise.
func ParseArxivID(s string) (id string, version int, err error) {
	raw := s
	s = strings.TrimSpace(s)
	for _, p := range []string{"http://", "https://"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"www.", "export."} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"arxiv.org/abs/", "arxiv.org/pdf/", "oai:arXiv.org:", "arXiv:", "arxiv:"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSuffix(s, ".pdf")
	if m := versionRe.FindStringSubmatch(s); m != nil {
		version, _ = strconv.Atoi(m[1])
		if version == 0 {
			return "", 0, Errorf(EINVALID, "%q is not an arXiv id: version v0 does not exist", clip(raw))
		}
		s = s[:len(s)-len(m[0])]
	}
	if m := newIDRe.FindStringSubmatch(s); m != nil {
		yy, _ := strconv.Atoi(m[1])
		// Five-digit sequence numbers started in 2015 (1501.00001).
		if len(m[3]) == 5 && yy < 15 || len(m[3]) == 4 && yy >= 15 || yy < 7 || yy == 7 && m[2] < "04" {
			return "", 0, Errorf(EINVALID, "%q is not an arXiv id", clip(raw))
		}
		return s, version, nil
	}
	if m := oldIDRe.FindStringSubmatch(s); m != nil {
		return m[1] + "/" + m[3], version, nil
	}
	return "", 0, Errorf(EINVALID, "%q is not an arXiv id (expected e.g. 2410.12345 or hep-th/9901001)", clip(raw))
}

// clip keeps error messages short when the input is huge.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

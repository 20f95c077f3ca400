package web

import (
	"net/url"
	"strings"

	"github.com/paperwire/paperwire"
)

// maxSubmitInput bounds what the submit box takes: the longest arXiv URL
// is well under this.
const maxSubmitInput = 512

// submitHosts are the sites whose paper links the submit box understands,
// with the path prefixes that precede an id there.
var submitHosts = map[string][]string{
	"arxiv.org":        {"/abs/", "/pdf/", "/html/", "/format/"},
	"export.arxiv.org": {"/abs/", "/pdf/"},
	"huggingface.co":   {"/papers/"},
	"hf.co":            {"/papers/"},
}

// parseSubmitInput reads what someone pasted into the submit box: an arXiv
// id in any spelling ParseArxivID takes ("2501.01234", "arXiv:2501.01234v2",
// "hep-th/9901001"), or a link to the paper on arXiv (abs, pdf or html,
// versioned or not, with a query or fragment) or on Hugging Face. It returns
// the version-less id, or EINVALID saying what was expected.
func parseSubmitInput(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", paperwire.Errorf(paperwire.EINVALID, "Give an arXiv id (e.g. 2501.01234) or a link to the paper on arXiv.")
	}
	if len(s) > maxSubmitInput {
		return "", paperwire.Errorf(paperwire.EINVALID, "That is too long to be an arXiv id or link.")
	}
	if path, ok, err := linkPath(s); err != nil {
		return "", err
	} else if ok {
		s = path
	}
	id, _, err := paperwire.ParseArxivID(s)
	return id, err
}

// linkPath returns the id part of a link's path when s is a link ("ok"),
// or an EINVALID error for a link to a site the box does not understand.
// A link has a scheme or starts with a known host ("arxiv.org/abs/…");
// anything else is left to ParseArxivID, old-style ids with a dot and a
// slash ("math.GT/0309136") included.
func linkPath(s string) (path string, ok bool, err error) {
	if scheme, _, found := strings.Cut(s, "://"); found {
		if scheme = strings.ToLower(scheme); scheme != "http" && scheme != "https" {
			return "", false, paperwire.Errorf(paperwire.EINVALID, "Give an arXiv id or an https:// link to the paper.")
		}
	} else {
		first, _, _ := strings.Cut(s, "/")
		if _, known := submitHosts[strings.TrimPrefix(strings.ToLower(first), "www.")]; !known {
			return "", false, nil
		}
		s = "https://" + s
	}
	u, perr := url.Parse(s)
	if perr != nil {
		return "", false, paperwire.Errorf(paperwire.EINVALID, "That link does not parse; paste the arXiv id instead (e.g. 2501.01234).")
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	prefixes, known := submitHosts[host]
	if !known {
		return "", false, paperwire.Errorf(paperwire.EINVALID, "Only links to arXiv (arxiv.org/abs/…) or to Hugging Face papers can be submitted, not to %s.", clipText(host, 60))
	}
	for _, pre := range prefixes {
		if rest, found := strings.CutPrefix(u.Path, pre); found {
			return strings.TrimSuffix(strings.TrimSuffix(rest, "/"), ".pdf"), true, nil
		}
	}
	return "", false, paperwire.Errorf(paperwire.EINVALID, "That link is not to a paper: use its abstract page, e.g. https://arxiv.org/abs/2501.01234.")
}

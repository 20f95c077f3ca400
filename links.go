package paperwire

import (
	"context"
	"net/url"
	"regexp"
	"strings"
)

// PaperLinks is a change to a paper's links and organization, as Hugging
// Face's POST /api/papers/{id}/links takes it: a nil field is left as it
// is, an empty one is cleared.
type PaperLinks struct {
	GitHubRepo  *string
	ProjectPage *string
	// OrgID names the organization by id or by slug.
	OrgID *string
}

// maxURLLen bounds a link people set.
const maxURLLen = 2048

// ValidateWebURL checks a link people set and returns it tidied: https
// only, a host, no user name or password, no spaces or control
// characters; "" stays "" (no link). Anything else (javascript:, data:,
// http:, //host) is EINVALID, so a link shown on a page is always safe to
// follow.
func ValidateWebURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	bad := Errorf(EINVALID, "A link must be a full https:// address.")
	if len(raw) > maxURLLen || strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("\\\"'<>`{}|^", r) }) {
		return "", bad
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", bad
	}
	if !hostName.MatchString(u.Hostname()) {
		return "", bad
	}
	return u.String(), nil
}

// hostName is a DNS name (internationalized ones in their xn-- form).
var hostName = regexp.MustCompile(`^(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$`)

// githubOwner is a GitHub owner (letters, digits, single hyphens, at most
// 39 characters) or repository name (letters, digits, '.', '-', '_').
var (
	githubOwner = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)
	githubRepo  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
)

// ValidateGitHubRepo checks a paper's code link: exactly
// https://github.com/{owner}/{repo}, nothing after it but an optional
// trailing slash or ".git", no query or fragment. It returns the canonical
// form (no trailing slash or ".git"); "" stays "". Returns EINVALID.
func ValidateGitHubRepo(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	bad := Errorf(EINVALID, "A repository link is https://github.com/{owner}/{repo}.")
	clean, err := ValidateWebURL(raw)
	if err != nil {
		return "", bad
	}
	u, _ := url.Parse(clean)
	if !strings.EqualFold(u.Host, "github.com") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery || u.RawPath != "" {
		return "", bad
	}
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(u.Path, "/"), "/"), "/")
	if len(parts) != 2 {
		return "", bad
	}
	owner, repo := parts[0], strings.TrimSuffix(parts[1], ".git")
	if !githubOwner.MatchString(owner) || !githubRepo.MatchString(repo) || repo == "." || repo == ".." {
		return "", bad
	}
	return "https://github.com/" + owner + "/" + repo, nil
}

// LinkService sets papers' links and organization.
type LinkService interface {
	// SetPaperLinks applies l to the paper (validated with
	// ValidateGitHubRepo and ValidateWebURL; the org must exist) and returns
	// it as stored. ENOTFOUND for an unknown paper or org, EINVALID.
	SetPaperLinks(ctx context.Context, paperID string, l PaperLinks) (*Paper, error)
	// PaperSubmitterID is the id of the user who submitted the paper to
	// the community's list, or 0 (none, imported, or the account is gone).
	PaperSubmitterID(ctx context.Context, paperID string) (int64, error)
}

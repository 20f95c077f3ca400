package paperwire

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Org is an organization's own record: the page /orgs/{Slug} and what
// papers are attributed to. A paper names its organization by slug
// (Paper.Organization.Name, as Hugging Face does), so imported papers and
// the org row meet on the slug; an import creates the row of a slug it has
// not seen, which an admin can then describe.
type Org struct {
	ID          int64
	Slug        string // unique, e.g. "google"; see ValidateOrgSlug
	Name        string // display name, e.g. "Google"
	Description string
	URL         string // the organization's own site (https), or ""
	CreatedAt   time.Time
}

// Organization is how papers carry o.
func (o *Org) Organization() *Organization { return &Organization{Name: o.Slug, Fullname: o.Name} }

// ValidateOrgSlug checks a slug an admin chooses: 2 to 64 letters, digits,
// '-', '_' or '.', starting with a letter or digit, as Hugging Face's
// organization names are. Slugs appear in URLs. Returns EINVALID.
func ValidateOrgSlug(slug string) error {
	if n := len(slug); n < 2 || n > 64 {
		return Errorf(EINVALID, "An organization's slug has 2 to 64 characters.")
	}
	for i, r := range slug {
		alnum := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if !alnum && (i == 0 || !strings.ContainsRune("-_.", r)) {
			return Errorf(EINVALID, "An organization's slug uses letters, digits, '-', '_' and '.', and starts with a letter or digit.")
		}
	}
	return nil
}

// Limits on what people write into organizations and collections.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 2000
	MaxNoteLen        = 1000
)

// ValidateOrg checks and tidies an org an admin writes: slug, a name of at
// most MaxTitleLen characters, a description of at most MaxDescriptionLen,
// an https URL or none. Returns EINVALID.
func ValidateOrg(o *Org) error {
	o.Slug, o.Name, o.Description = strings.TrimSpace(o.Slug), strings.TrimSpace(o.Name), strings.TrimSpace(o.Description)
	if err := ValidateOrgSlug(o.Slug); err != nil {
		return err
	}
	if o.Name == "" {
		o.Name = o.Slug
	}
	if utf8.RuneCountInString(o.Name) > MaxTitleLen {
		return Errorf(EINVALID, "An organization's name has at most %d characters.", MaxTitleLen)
	}
	if utf8.RuneCountInString(o.Description) > MaxDescriptionLen {
		return Errorf(EINVALID, "An organization's description has at most %d characters.", MaxDescriptionLen)
	}
	u, err := ValidateWebURL(o.URL)
	if err != nil {
		return err
	}
	o.URL = u
	return nil
}

// OrgService keeps organizations.
type OrgService interface {
	// CreateOrg stores o and sets its ID. EINVALID (ValidateOrg), ECONFLICT for a taken slug.
	CreateOrg(ctx context.Context, o *Org) error
	// UpdateOrg writes o's name, description and URL (the slug stays) and
	// the name papers attributed to it show. ENOTFOUND, EINVALID.
	UpdateOrg(ctx context.Context, o *Org) error
	// Org returns the org with slug (exact, then regardless of case). ENOTFOUND.
	Org(ctx context.Context, slug string) (*Org, error)
	// OrgByID returns one org by id. ENOTFOUND.
	OrgByID(ctx context.Context, id int64) (*Org, error)
	// Orgs returns one page of orgs by slug, and the total.
	Orgs(ctx context.Context, offset, limit int) ([]*Org, int, error)
}

package paperwire

import (
	"context"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// AuthorKey is the one normalization author names are matched by, so that
// /authors/{name} finds a person however arXiv spelled the name on each
// paper: Unicode compatibility forms are folded (NFKC: "ﬁ" → "fi", full-width
// letters → ASCII), diacritics are stripped ("Lukáš" → "Lukas"), case is
// folded rune by rune ("MÜLLER" → "muller"), and runs of spaces, tabs and newlines become
// one space, trimmed. Punctuation stays: "J. Smith" and "J Smith" differ.
func AuthorKey(name string) string {
	if key, ok := asciiAuthorKey(name); ok {
		return key
	}
	s := strings.ToValidUTF8(name, "\uFFFD")
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFKC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	s = norm.NFKC.String(strings.Map(foldRune, s))
	return strings.Join(strings.Fields(s), " ")
}

// foldRune folds case one rune at a time (lower of upper, so "K" the Kelvin
// sign and "K" both become "k"). Unlike full case folding it never changes a
// string's length ("ß" stays), which keeps the key stable when applied again.
func foldRune(r rune) rune {
	return unicode.ToLower(unicode.ToUpper(r))
}

// Claim statuses. A pending claim waits for an admin; a verified one links
// the author entry to the user; a refused one stays so it is not asked again.
const (
	ClaimPending  = "pending"
	ClaimVerified = "verified"
	ClaimRefused  = "refused"
)

// AuthorClaim is a user's claim to be one author of a paper: the author at
// Position (0-based) in the paper's author list, whose name was Name.
type AuthorClaim struct {
	ID         int64
	PaperID    string
	PaperTitle string // for lists of claims
	Position   int
	Name       string
	UserID     int64
	UserName   string
	Status     string // ClaimPending, ClaimVerified or ClaimRefused
	// Hidden keeps the paper off the user's profile; the claim still stands.
	Hidden    bool
	CreatedAt time.Time
	DecidedAt time.Time // when an admin verified or refused it
}

// AuthorStats sums up an author's papers.
type AuthorStats struct {
	Papers  int
	Upvotes int
	// Users are the accounts with a verified claim on one of the papers
	// under this name.
	Users []string
}

// AuthorService finds papers by author and keeps authorship claims.
type AuthorService interface {
	// AuthorPapers returns one page of the papers with an author whose
	// AuthorKey is that of name, newest listing first, and their number.
	AuthorPapers(ctx context.Context, name string, offset, limit int) ([]*Paper, int, error)
	// AuthorStats counts the papers and upvotes under name and lists its
	// verified users.
	AuthorStats(ctx context.Context, name string) (AuthorStats, error)

	// ClaimAuthor records userID's claim on the author at position of
	// paperID. EINVALID for a position the paper has not, ENOTFOUND for an
	// unknown paper, ECONFLICT when the user claimed it already or someone's
	// claim on it is verified.
	ClaimAuthor(ctx context.Context, userID int64, paperID string, position int) (*AuthorClaim, error)
	// Claim returns one claim: ENOTFOUND when there is none.
	Claim(ctx context.Context, id int64) (*AuthorClaim, error)
	// DecideClaim verifies (approve) or refuses a claim; an admin's call,
	// which callers check. ECONFLICT when another claim on the same author
	// entry is verified already.
	DecideClaim(ctx context.Context, id int64, approve bool) error
	// WithdrawClaim removes a claim on behalf of actor: the claimant or an
	// admin. EFORBIDDEN for anyone else.
	WithdrawClaim(ctx context.Context, actor *User, id int64) error
	// SetClaimHidden hides or shows a claimed paper on the claimant's
	// profile. EFORBIDDEN when the claim is someone else's.
	SetClaimHidden(ctx context.Context, userID, id int64, hidden bool) error
	// Claims lists claims with the given status (all for ""), oldest first.
	Claims(ctx context.Context, status string, limit int) ([]*AuthorClaim, error)
	// PaperClaims lists a paper's claims, by position.
	PaperClaims(ctx context.Context, paperID string) ([]*AuthorClaim, error)
	// UserClaims lists userID's claims, newest first.
	UserClaims(ctx context.Context, userID int64) ([]*AuthorClaim, error)
}

// asciiAuthorKey is AuthorKey for the common all-ASCII name, where the
// Unicode steps change nothing but the case: the same key, without their
// cost (the store computes a key for every author of every paper it writes).
func asciiAuthorKey(name string) (string, bool) {
	var b strings.Builder
	b.Grow(len(name))
	space := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80:
			return "", false
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			space = b.Len() > 0
			continue
		case c < 0x20 || c == 0x7f:
			return "", false // control characters: let the general path decide
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

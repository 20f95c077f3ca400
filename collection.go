package paperwire

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Collection is a user's curated, ordered list of papers, at
// /collections/{Owner}/{Slug}. A private collection is its owner's alone:
// every read takes the viewer and answers ENOTFOUND to anyone else, so
// pages, the API, counts and feeds cannot tell it exists.
type Collection struct {
	ID          int64
	OwnerID     int64
	Owner       string // the owner's user name
	Slug        string // unique per owner, made from the title at creation; it never changes
	Title       string
	Description string
	Private     bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Items       int // how many papers it holds
}

// CollectionItem is one paper in a collection, at Position (0 first).
type CollectionItem struct {
	Paper    *Paper
	Note     string
	Position int
	AddedAt  time.Time
}

// MaxCollectionItems bounds one collection.
const MaxCollectionItems = 1000

// ValidateCollection checks and tidies what a user writes into a
// collection: a title of 1 to MaxTitleLen characters, a description of at
// most MaxDescriptionLen. Returns EINVALID.
func ValidateCollection(c *Collection) error {
	c.Title, c.Description = strings.TrimSpace(c.Title), strings.TrimSpace(c.Description)
	if c.Title == "" {
		return Errorf(EINVALID, "A collection needs a title.")
	}
	if utf8.RuneCountInString(c.Title) > MaxTitleLen {
		return Errorf(EINVALID, "A collection's title has at most %d characters.", MaxTitleLen)
	}
	if utf8.RuneCountInString(c.Description) > MaxDescriptionLen {
		return Errorf(EINVALID, "A collection's description has at most %d characters.", MaxDescriptionLen)
	}
	return nil
}

// ValidateNote checks a note on a collection's paper. Returns EINVALID.
func ValidateNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNoteLen {
		return "", Errorf(EINVALID, "A note has at most %d characters.", MaxNoteLen)
	}
	return note, nil
}

// Slugify makes a URL slug of a title: lower-case ASCII letters and digits
// joined by single hyphens, at most 60 characters; "collection" when
// nothing is left.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				if b.Len() >= 59 {
					break
				}
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "collection"
	}
	return b.String()
}

// CollectionService keeps collections. viewerID is who asks (0 for a
// visitor): a private collection is visible to its owner only, and to
// everyone else it does not exist (ENOTFOUND, also for writes). A visible
// collection that is not the caller's cannot be changed (EFORBIDDEN).
type CollectionService interface {
	// CreateCollection stores c for c.OwnerID, choosing a free slug from
	// its title; sets ID, Slug and the times. EINVALID.
	CreateCollection(ctx context.Context, c *Collection) error
	// Collection returns owner's collection slug as viewerID sees it. ENOTFOUND.
	Collection(ctx context.Context, viewerID int64, owner, slug string) (*Collection, error)
	// CollectionByID is Collection by id.
	CollectionByID(ctx context.Context, viewerID, id int64) (*Collection, error)
	// UpdateCollection writes c's title, description and privacy, as userID.
	UpdateCollection(ctx context.Context, userID int64, c *Collection) error
	// DeleteCollection removes a collection of userID's.
	DeleteCollection(ctx context.Context, userID, id int64) error
	// UserCollections lists ownerID's collections viewerID may see, newest
	// change first.
	UserCollections(ctx context.Context, viewerID, ownerID int64) ([]*Collection, error)
	// PaperCollections lists up to limit public collections holding the
	// paper, newest change first, and how many there are.
	PaperCollections(ctx context.Context, paperID string, limit int) ([]*Collection, int, error)
	// CollectionItems returns a collection's papers in order, as viewerID sees it.
	CollectionItems(ctx context.Context, viewerID, id int64) ([]CollectionItem, error)
	// AddToCollection appends a paper with a note. ENOTFOUND for an unknown
	// paper, ECONFLICT when it is there already or the collection is full.
	AddToCollection(ctx context.Context, userID, id int64, paperID, note string) error
	// SetItemNote changes a paper's note. ENOTFOUND when it is not there.
	SetItemNote(ctx context.Context, userID, id int64, paperID, note string) error
	// MoveItem puts a paper at position (clamped to the list), shifting the others.
	MoveItem(ctx context.Context, userID, id int64, paperID string, position int) error
	// RemoveFromCollection takes a paper out. ENOTFOUND when it is not there.
	RemoveFromCollection(ctx context.Context, userID, id int64, paperID string) error
}

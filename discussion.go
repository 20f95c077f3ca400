package paperwire

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Comment is one comment in the discussion under a paper. A reply names its
// top-level comment in ParentID; discussions have one level of replies.
type Comment struct {
	ID       int64
	PaperID  string
	UserID   int64  // 0 once the author's account is deleted
	UserName string // "" once the author's account is deleted
	ParentID int64  // 0 for a top-level comment
	// Text is the comment as typed: Markdown, rendered and sanitized where shown.
	Text string
	// HTML is Text rendered and sanitized for display, made by the caller
	// that writes the comment (web, with package markup) and kept with it.
	HTML      string
	CreatedAt time.Time
	EditedAt  time.Time // zero if never edited
	// Hidden is an admin's decision: the comment shows to admins only.
	Hidden bool
	// Deleted comments keep their place (their replies stay) with no text.
	Deleted bool
}

// Edited says whether the comment was changed after it was posted.
func (c *Comment) Edited() bool { return !c.EditedAt.IsZero() }

// Visible says whether readers who are not admins see the comment's text.
func (c *Comment) Visible() bool { return !c.Hidden && !c.Deleted }

// MaxCommentRunes bounds a comment's length: long enough for a careful
// review, short enough that one comment cannot fill a page.
const MaxCommentRunes = 5000

// NormalizeCommentText checks a comment's text and returns it trimmed:
// EINVALID when it is empty, longer than MaxCommentRunes or not UTF-8.
func NormalizeCommentText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(text):
		return "", Errorf(EINVALID, "A comment must be UTF-8 text.")
	case text == "":
		return "", Errorf(EINVALID, "A comment needs some text.")
	case utf8.RuneCountInString(text) > MaxCommentRunes:
		return "", Errorf(EINVALID, "A comment has at most %d characters.", MaxCommentRunes)
	case strings.ContainsRune(text, 0):
		return "", Errorf(EINVALID, "A comment cannot hold a NUL character.")
	}
	return text, nil
}

// CommentService keeps the discussions under papers. Who may do what is
// decided here, so every client (pages, API) gets the same answer.
type CommentService interface {
	// AddComment stores c (PaperID, UserID, Text, HTML and ParentID are read) and
	// sets its ID and CreatedAt. A reply to a reply becomes a reply to that
	// reply's top-level comment. EINVALID for bad text, ENOTFOUND for an
	// unknown paper or parent (or a parent under another paper), EFORBIDDEN
	// when the user is banned from commenting.
	AddComment(ctx context.Context, c *Comment) error
	// Comment returns one comment: ENOTFOUND when there is none.
	Comment(ctx context.Context, id int64) (*Comment, error)
	// Comments returns a paper's discussion: top-level comments newest
	// first (or oldest first), each followed by its replies, oldest first.
	// Hidden and deleted comments are included, marked; callers decide
	// what each reader sees.
	Comments(ctx context.Context, paperID string, oldestFirst bool) ([]*Comment, error)
	// EditComment replaces the text of userID's own comment and marks it
	// edited. EFORBIDDEN for someone else's comment or a user banned from
	// commenting, ENOTFOUND for none (or a deleted one).
	EditComment(ctx context.Context, userID, id int64, text, html string) (*Comment, error)
	// DeleteComment deletes a comment on behalf of actor: its author or an
	// admin. EFORBIDDEN for anyone else, ENOTFOUND when there is none.
	DeleteComment(ctx context.Context, actor *User, id int64) error
	// HideComment hides (or shows again) a comment; an admin's call, which
	// callers check.
	HideComment(ctx context.Context, id int64, hidden bool) error
	// BanCommenter stops (or, with banned false, allows again) userID
	// commenting; by is the admin. ENOTFOUND for an unknown user.
	BanCommenter(ctx context.Context, userID, by int64, banned bool) error
	// CommentBanned says whether userID is banned from commenting.
	CommentBanned(ctx context.Context, userID int64) (bool, error)
	// BannedCommenters lists the users banned from commenting (ID and
	// Name set), newest ban first.
	BannedCommenters(ctx context.Context, limit int) ([]*User, error)
}

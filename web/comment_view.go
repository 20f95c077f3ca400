package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/paperwire/paperwire"
)

// commentView is one comment as a reader sees it on a paper page.
type commentView struct {
	ID        int64
	Anchor    string // "c-12"
	Author    string // "" for a deleted account
	AuthorURL string
	HTML      template.HTML // sanitized when the comment was written (package markup)
	Text      string        // as typed: the edit form's value, for its author
	CreatedAt time.Time
	Edited    bool
	Reply     bool
	// Gone says the comment is deleted, or hidden and the reader is no
	// admin: only a placeholder shows, so its replies keep their thread.
	Gone    string
	Hidden  bool // hidden by an admin (admins still see it, marked)
	Mine    bool // the reader wrote it: edit and delete buttons
	Admin   bool // the reader is an admin: hide, delete and ban buttons
	Replies []commentView
	// Precomputed for the template, which calls no function per comment:
	// a page may hold hundreds, and each call costs reflection.
	ISO, Stamp string // CreatedAt for datetime= and for people
	Actions    bool   // Mine or Admin: the row of buttons shows
	CanBan     bool   // an admin may ban the author (someone else, still there)
	CanReply   bool   // on a thread: the reader may reply
}

// discussionView is the discussion section of a paper page.
type discussionView struct {
	On       bool // the server keeps discussions
	PaperID  string
	Action   string // where new comments are posted
	Count    int
	Oldest   bool // oldest first (?comments=oldest); newest first otherwise
	Order    []navLink
	Threads  []commentView
	Viewer   *paperwire.User
	Banned   bool
	SignIn   string
	MaxRunes int
}

// commentThreads arranges a discussion (top-level comments each followed
// by their replies, as CommentService.Comments returns it) into threads
// for viewer. Deleted comments, and hidden ones for readers who are not
// admins, show only when they have replies to keep in place.
func commentThreads(cs []*paperwire.Comment, viewer *paperwire.User) []commentView {
	admin := viewer != nil && viewer.Admin
	var out []commentView
	for _, c := range cs {
		v := commentOf(c, viewer)
		if c.ParentID == 0 {
			out = append(out, v)
			continue
		}
		if len(out) == 0 || out[len(out)-1].ID != c.ParentID {
			continue // unreachable for a well-formed discussion
		}
		if v.Gone != "" && !(admin && c.Hidden) {
			continue // a reply has nothing to keep in place
		}
		out[len(out)-1].Replies = append(out[len(out)-1].Replies, v)
	}
	kept := out[:0]
	for _, t := range out {
		if t.Gone == "" || len(t.Replies) > 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

func commentOf(c *paperwire.Comment, viewer *paperwire.User) commentView {
	admin := viewer != nil && viewer.Admin
	v := commentView{
		ID: c.ID, Anchor: "c-" + strconv.FormatInt(c.ID, 10), Author: c.UserName,
		HTML: template.HTML(c.HTML), Text: c.Text, CreatedAt: c.CreatedAt, Edited: c.Edited(),
		Reply: c.ParentID != 0, Hidden: c.Hidden, Admin: admin && !c.Deleted,
		Mine: viewer != nil && c.UserID != 0 && c.UserID == viewer.ID && !c.Deleted,
	}
	if c.UserName != "" {
		v.AuthorURL = userURL(c.UserName)
	}
	v.ISO, v.Stamp = c.CreatedAt.UTC().Format(time.RFC3339), c.CreatedAt.UTC().Format("2006-01-02 15:04 UTC")
	v.Actions, v.CanBan = v.Mine || v.Admin, v.Admin && c.UserName != "" && !v.Mine
	switch {
	case c.Deleted:
		v.Gone = "This comment was deleted."
	case c.Hidden && !admin:
		v.Gone = "This comment was hidden by a moderator."
	}
	if v.Gone != "" {
		v.HTML, v.Text = "", ""
	}
	return v
}

// discussionFor builds the discussion section of paper p for r's reader.
// A failed read costs only the section: the page is still worth showing.
func (s *Server) discussionFor(r *http.Request, p *paperwire.Paper) discussionView {
	d := discussionView{On: s.discussion.comments != nil, PaperID: p.ID, Action: paperURL(p.ID) + "/comments",
		Count: p.NumComments, Viewer: Viewer(r), MaxRunes: paperwire.MaxCommentRunes}
	if !d.On {
		return d
	}
	d.Oldest = r.URL.Query().Get("comments") == "oldest"
	d.Order = []navLink{
		{Label: "Newest", URL: paperURL(p.ID) + "#discussion", Current: !d.Oldest},
		{Label: "Oldest", URL: paperURL(p.ID) + "?comments=oldest#discussion", Current: d.Oldest},
	}
	d.SignIn = "/signin?next=" + urlQueryEscape(paperURL(p.ID)+"#discussion")
	cs, err := s.discussion.comments.Comments(r.Context(), p.ID, d.Oldest)
	if err != nil {
		s.logger.Warn("comments failed", "paper_id", p.ID, "error", err)
		return d
	}
	d.Threads = commentThreads(cs, d.Viewer)
	if d.Viewer != nil {
		if d.Banned, err = s.discussion.comments.CommentBanned(r.Context(), d.Viewer.ID); err != nil {
			s.logger.Warn("ban lookup failed", "user", d.Viewer.Name, "error", err)
		}
	}
	for i := range d.Threads {
		d.Threads[i].CanReply = d.Viewer != nil && !d.Banned && d.Threads[i].Gone == ""
	}
	return d
}
